/**
 * The in-process implementation of {@link dev.agentsync.core.Sync}, one concept per class:
 * {@link dev.agentsync.core.internal.LocalSync} wires them; {@link dev.agentsync.core.internal.RoomUnits} runs
 * units of work and answers waiters on commit; {@link dev.agentsync.core.internal.Identity} checks callers;
 * {@link dev.agentsync.core.internal.Rooms}, {@link dev.agentsync.core.internal.Presence},
 * {@link dev.agentsync.core.internal.State} (rules in {@link dev.agentsync.core.internal.StateRules}),
 * {@link dev.agentsync.core.internal.Messages} and {@link dev.agentsync.core.internal.Views} (CEL over a room)
 * hold the operations; small helpers hold ids, tokens, JSON and input checks. Waits live in the {@code wait}
 * sub-package. Depends only on the core's API and SPI. Not an API: other modules must not depend on it.
 */
@NullMarked
package dev.agentsync.core.internal;

import org.jspecify.annotations.NullMarked;
