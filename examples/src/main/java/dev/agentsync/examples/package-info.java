/**
 * The coordination patterns as runnable programs: {@link dev.agentsync.examples.TurnBasedGame},
 * {@link dev.agentsync.examples.FanOutFanIn}, {@link dev.agentsync.examples.Consensus},
 * {@link dev.agentsync.examples.Pipeline} and {@link dev.agentsync.examples.Watchdog}. Each is written once
 * against {@link dev.agentsync.examples.SyncClient} and runs in-process or over HTTP.
 */
@NullMarked
package dev.agentsync.examples;

import org.jspecify.annotations.NullMarked;
