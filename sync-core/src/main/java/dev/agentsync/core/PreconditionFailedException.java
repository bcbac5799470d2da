package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A CEL write gate ({@code if}) did not evaluate to boolean {@code true}. {@link #evaluated()} is the
 * value it produced (empty when evaluation itself failed; {@link #detail()} then says why).
 */
public final class PreconditionFailedException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final String expression;
    private final transient @Nullable JsonNode evaluated;
    private final @Nullable String detail;

    /** Creates the exception. */
    public PreconditionFailedException(String expression, @Nullable JsonNode evaluated, @Nullable String detail) {
        super(ErrorCode.PRECONDITION_FAILED, detail == null
                ? "The write gate evaluated to " + evaluated + ", not true; nothing was written."
                : "The write gate could not be evaluated (" + detail + "); nothing was written.");
        this.expression = expression;
        this.evaluated = evaluated;
        this.detail = detail;
    }

    /** The gate's text. */
    public String expression() {
        return expression;
    }

    /** The value the gate produced, empty if evaluation failed. */
    public Optional<JsonNode> evaluated() {
        return Optional.ofNullable(evaluated);
    }

    /** Why evaluation failed, empty if it produced a value. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }
}
