/**
 * The testing kit for applications whose agents coordinate through agent-sync rooms.
 *
 * <p>The contract:
 * <ul>
 *   <li>{@link dev.agentsync.test.ManualClock} is a {@code java.time.Clock} that is also the core's
 *       {@code Scheduler}; time moves only in {@code advance}, which runs every timer that falls due, in due order,
 *       exactly once, on the calling thread, before it returns.</li>
 *   <li>{@link dev.agentsync.test.SyncTest} and {@link dev.agentsync.test.EveryStore} (through
 *       {@link dev.agentsync.test.SyncExtension}) give every test, or every run of a test on each store, a fresh
 *       store, clock, {@code Sync} and room, closed after it. Stores are opened only by URI through
 *       {@code StoreProvider}, so the kit depends on the core and JUnit alone; a store that cannot run is one
 *       skipped run saying why.</li>
 *   <li>{@link dev.agentsync.test.TestRoom} waits, without sleeping and within a bound, until an agent or N waits
 *       are parked, and fails with the waits in flight and the room when they are not;
 *       {@link dev.agentsync.test.RoomSnapshot} is the room, for assertions and failure messages.</li>
 * </ul>
 * Nothing here sleeps, starts a thread or reads the wall clock except to bound a wait for other threads.
 */
@NullMarked
package dev.agentsync.test;

import org.jspecify.annotations.NullMarked;
