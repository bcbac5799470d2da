package dev.agentsync.core;

import java.util.List;

/**
 * A committed batch: every entry written, in request order, and the room revision it committed as.
 *
 * @param entries  entries after the batch, one per write
 * @param revision the room revision of this commit
 */
public record BatchResult(List<Entry> entries, long revision) {
    /** Copies the list. */
    public BatchResult {
        entries = List.copyOf(entries);
    }
}
