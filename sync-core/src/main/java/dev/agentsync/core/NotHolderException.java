package dev.agentsync.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The caller does not hold the message's claim right now ({@code not_holder}, HTTP 409). */
public final class NotHolderException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final long messageId;
    private final @Nullable String claimedBy;

    /** {@code claimedBy} is the current holder, or null when nobody holds it. */
    public NotHolderException(long messageId, String agent, @Nullable String claimedBy) {
        super(ErrorCode.NOT_HOLDER, "Agent '" + agent + "' does not hold message " + messageId
                + (claimedBy == null ? "; nobody holds it now (its claim was released or ran out)." : "; '" + claimedBy + "' does."));
        this.messageId = messageId;
        this.claimedBy = claimedBy;
    }

    /** The message. */
    public long messageId() {
        return messageId;
    }

    /** The current holder, if any. */
    public Optional<String> claimedBy() {
        return Optional.ofNullable(claimedBy);
    }
}
