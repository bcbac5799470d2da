package dev.agentsync.core;

/** A CEL expression that does not parse or type-check, with the 1-based line and column of the first error. */
public final class InvalidCelException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final String expression;
    private final String detail;
    private final int line;
    private final int column;

    /** Creates the exception. */
    public InvalidCelException(String expression, String detail, int line, int column) {
        super(ErrorCode.INVALID_CEL, "The CEL expression is invalid at line " + line + ", column " + column + ": " + detail);
        this.expression = expression;
        this.detail = detail;
        this.line = line;
        this.column = column;
    }

    /** The expression's text. */
    public String expression() {
        return expression;
    }

    /** The compiler's message. */
    public String detail() {
        return detail;
    }

    /** 1-based line of the first error. */
    public int line() {
        return line;
    }

    /** 1-based column of the first error. */
    public int column() {
        return column;
    }
}
