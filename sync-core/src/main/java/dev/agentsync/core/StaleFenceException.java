package dev.agentsync.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A fence that does not name the current grant ({@code stale_fence}, HTTP 409): the claim it came from ended
 * (released, ran out, granted to another), or a fenced write's caller is not the holder. Nothing was written.
 */
public final class StaleFenceException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final long messageId;
    private final long currentFence;
    private final @Nullable String claimedBy;
    private final int index;

    /** {@code index} is the failing write's position in its batch, or -1. */
    public StaleFenceException(long messageId, long given, long currentFence, @Nullable String claimedBy, int index) {
        super(ErrorCode.STALE_FENCE, "Fence " + given + " is not the current grant of message " + messageId + " (current fence "
                + currentFence + (claimedBy == null ? ", not held" : ", held by '" + claimedBy + "'") + "); nothing was written.");
        this.messageId = messageId;
        this.currentFence = currentFence;
        this.claimedBy = claimedBy;
        this.index = index;
    }

    /** The message. */
    public long messageId() {
        return messageId;
    }

    /** The fence of the message's current (or last) grant. */
    public long currentFence() {
        return currentFence;
    }

    /** The current holder, if any. */
    public Optional<String> claimedBy() {
        return Optional.ofNullable(claimedBy);
    }

    /** The failing write's index in its batch. */
    public Optional<Integer> index() {
        return index < 0 ? Optional.empty() : Optional.of(index);
    }
}
