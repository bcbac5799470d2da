package dev.agentsync.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.RoomInfo;
import dev.agentsync.core.RoomSettings;
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
 * @param settings      the settings fixed at creation
 */
public record RoomRecord(String id, Instant createdAt, ObjectNode meta, long revision, long lastMessageId,
                         RoomSettings settings) {
    /** Validates the fields. */
    public RoomRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(settings, "settings");
    }

    /** A room with the default settings. */
    public RoomRecord(String id, Instant createdAt, ObjectNode meta, long revision, long lastMessageId) {
        this(id, createdAt, meta, revision, lastMessageId, RoomSettings.defaults());
    }

    /** The public view. */
    public RoomInfo info() {
        return new RoomInfo(id, createdAt, meta, revision, settings);
    }

    /** A copy at another revision. */
    public RoomRecord withRevision(long rev) {
        return new RoomRecord(id, createdAt, meta, rev, lastMessageId, settings);
    }

    /** A copy with another last message id. */
    public RoomRecord withLastMessageId(long last) {
        return new RoomRecord(id, createdAt, meta, revision, last, settings);
    }

    /**
     * The message-id rule every store follows in {@link RoomTx#putMessage}: a message is new when its id is
     * {@code lastMessageId + 1}, an update when it is an id already used.
     *
     * @return true for a new message, false for an update of an existing one
     * @throws IllegalArgumentException for any other id
     */
    public boolean isNewMessage(long messageId) {
        if (messageId == lastMessageId + 1) {
            return true;
        }
        if (messageId >= 1 && messageId <= lastMessageId) {
            return false;
        }
        throw new IllegalArgumentException("message id " + messageId + " is neither new (" + (lastMessageId + 1)
                + ") nor existing");
    }
}
