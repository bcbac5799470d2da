package dev.agentsync.core;

/** A valid CEL expression that failed while evaluating (for example a missing key). */
public final class CelErrorException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final String expression;
    private final String detail;

    /** Creates the exception. */
    public CelErrorException(String expression, String detail) {
        super(ErrorCode.CEL_ERROR, "The CEL expression failed to evaluate: " + detail);
        this.expression = expression;
        this.detail = detail;
    }

    /** The expression's text. */
    public String expression() {
        return expression;
    }

    /** What went wrong. */
    public String detail() {
        return detail;
    }
}
