package dev.agentsync.core;

/** The message used up its deliveries and is dead: never claimable again ({@code message_dead}, HTTP 409). */
public final class MessageDeadException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final long messageId;

    /** For message {@code messageId}. */
    public MessageDeadException(long messageId, int deliveries) {
        super(ErrorCode.MESSAGE_DEAD, "Message " + messageId + " is dead: it was granted " + deliveries
                + " times without completion (max_deliveries); it cannot be claimed, released or completed.");
        this.messageId = messageId;
    }

    /** The message. */
    public long messageId() {
        return messageId;
    }
}
