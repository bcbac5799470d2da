package dev.agentsync.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.RoomInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * A room as a store keeps it.
 *
 * @param id            the room id
 * @param createdAt     creation time
 * @param meta          the creation meta object
 * @param revision      the last committed revision (0 for a new room)
 * @param lastMessageId the highest message id used (0 for none)
 */
public record RoomRecord(String id, Instant createdAt, ObjectNode meta, long revision, long lastMessageId) {
    /** Validates the fields. */
    public RoomRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(meta, "meta");
    }

    /** The public view. */
    public RoomInfo info() {
        return new RoomInfo(id, createdAt, meta, revision);
    }

    /** A copy at another revision. */
    public RoomRecord withRevision(long rev) {
        return new RoomRecord(id, createdAt, meta, rev, lastMessageId);
    }

    /** A copy with another last message id. */
    public RoomRecord withLastMessageId(long last) {
        return new RoomRecord(id, createdAt, meta, revision, last);
    }
}
