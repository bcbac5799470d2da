package dev.agentsync.core;

import java.time.Instant;

/** The message was completed already: never claimable again ({@code already_completed}, HTTP 409). */
public final class AlreadyCompletedException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final long messageId;
    private final String completedBy;
    private final Instant completedAt;

    /** For message {@code messageId}, completed by {@code completedBy}. */
    public AlreadyCompletedException(long messageId, String completedBy, Instant completedAt) {
        super(ErrorCode.ALREADY_COMPLETED, "Message " + messageId + " was completed by '" + completedBy + "' already.");
        this.messageId = messageId;
        this.completedBy = completedBy;
        this.completedAt = completedAt;
    }

    /** The message. */
    public long messageId() {
        return messageId;
    }

    /** Who completed it. */
    public String completedBy() {
        return completedBy;
    }

    /** When. */
    public Instant completedAt() {
        return completedAt;
    }
}
