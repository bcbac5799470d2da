/**
 * Waits: conditions parked until a commit makes them true, without a thread each.
 *
 * <p>{@link dev.agentsync.core.internal.wait.Waits} starts a wait (validation, the first evaluation and the
 * registration in one unit of work, the agent's {@code waiting} status, the timer);
 * {@link dev.agentsync.core.internal.wait.WaitRegistry} holds the pending waiters per room, grouped by condition
 * so each distinct condition is evaluated once per commit; {@link dev.agentsync.core.internal.wait.Includes}
 * projects the parts of the room a waiter asked to receive. Depends on the core's model and its internal CEL
 * and identity units; never on a store implementation. Thread-safe: each room's waiters are guarded by one lock.
 */
@NullMarked
package dev.agentsync.core.internal.wait;

import org.jspecify.annotations.NullMarked;
