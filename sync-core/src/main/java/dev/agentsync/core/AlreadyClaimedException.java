package dev.agentsync.core;

import java.time.Instant;

/** Another agent claimed the message first; carries who holds it and since when. */
public final class AlreadyClaimedException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final long messageId;
    private final String claimedBy;
    private final Instant claimedAt;

    /** Creates the exception. */
    public AlreadyClaimedException(long messageId, String claimedBy, Instant claimedAt) {
        super(ErrorCode.ALREADY_CLAIMED, "Message " + messageId + " was already claimed by " + claimedBy + "; pick another.");
        this.messageId = messageId;
        this.claimedBy = claimedBy;
        this.claimedAt = claimedAt;
    }

    /** The message's id. */
    public long messageId() {
        return messageId;
    }

    /** The agent that holds the claim. */
    public String claimedBy() {
        return claimedBy;
    }

    /** When the claim was made. */
    public Instant claimedAt() {
        return claimedAt;
    }
}
