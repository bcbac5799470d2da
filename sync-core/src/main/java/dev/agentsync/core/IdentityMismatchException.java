package dev.agentsync.core;

/** An authenticated agent tried to act as another agent. */
public final class IdentityMismatchException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final String authenticatedAs;
    private final String claimed;

    /** Creates the exception. */
    public IdentityMismatchException(String authenticatedAs, String claimed) {
        super(ErrorCode.IDENTITY_MISMATCH, "The token belongs to " + authenticatedAs + ", which may not act as " + claimed + ".");
        this.authenticatedAs = authenticatedAs;
        this.claimed = claimed;
    }

    /** The agent the token belongs to. */
    public String authenticatedAs() {
        return authenticatedAs;
    }

    /** The agent the request claimed to act as. */
    public String claimed() {
        return claimed;
    }
}
