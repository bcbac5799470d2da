package dev.agentsync.core;

/** An increment of an entry whose current value is not a number. */
public final class NotANumberException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final transient Entry current;

    /** Creates the exception. */
    public NotANumberException(Entry current) {
        super(ErrorCode.NOT_A_NUMBER, "Cannot increment " + current.scope() + "/" + current.key()
                + ": its current value is " + current.value().getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", not a number.");
        this.current = current;
    }

    /** The entry as it stands. */
    public Entry current() {
        return current;
    }
}
