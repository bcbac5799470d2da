/** The in-memory store: per-room read/write locks and an undo log; no durability. */
@NullMarked
package dev.agentsync.store.memory;

import org.jspecify.annotations.NullMarked;
