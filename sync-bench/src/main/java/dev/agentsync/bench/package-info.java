/**
 * Benchmarks and latency harnesses behind the README's performance figures: JMH ({@code WriteBench}) and
 * plain programs for wake latency in-process, over HTTP and across processes, and durable writes
 * ({@code WakeLatency}, {@code HttpWakeLatency}, {@code PgWakeLatency}, {@code JdbcWrites}).
 *
 * <p>Not published and never run by the tests; may depend on any module, {@code internal} packages excepted.
 * Each class's javadoc says how to run it; the README's "Reproduce" block lists the commands behind its figures.
 */
@NullMarked
package dev.agentsync.bench;

import org.jspecify.annotations.NullMarked;
