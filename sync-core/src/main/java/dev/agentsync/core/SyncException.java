package dev.agentsync.core;

/**
 * The one unchecked root of every error agent-sync reports. {@link #code()} is stable and is the
 * {@code error} string of the wire contract; the message is one sentence a person or an LLM can act on.
 * Subclasses carry structured fields (for example {@link VersionConflictException#current()}).
 */
public class SyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    /** Creates an exception with a code and a message. */
    public SyncException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The machine code. */
    public ErrorCode code() {
        return code;
    }
}
