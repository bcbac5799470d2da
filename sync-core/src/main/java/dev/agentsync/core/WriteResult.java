package dev.agentsync.core;

import java.util.Objects;

/**
 * A committed write: the entry as stored (with {@code resolvedValue} for a view) and the room revision
 * the write committed as.
 *
 * @param entry    the entry after the write
 * @param revision the room revision of this commit
 */
public record WriteResult(Entry entry, long revision) {
    /** Validates the fields. */
    public WriteResult {
        Objects.requireNonNull(entry, "entry");
    }
}
