package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One state entry: a JSON value under {@code scope}/{@code key}, with its version (1 on create, +1 on every
 * write) and the time of its last write. A computed view (scope {@code _view}) holds a CEL {@code expr}
 * instead of a value; when read with resolution it also carries the {@code resolvedValue}.
 *
 * @param scope         the scope, for example {@code _shared} or an agent id
 * @param key           the key within the scope
 * @param value         the stored JSON value ({@link NullNode} for views)
 * @param expr          the CEL expression of a view, {@code null} for a plain value
 * @param version       1 on create, +1 on every write
 * @param updatedAt     the time of the last write
 * @param resolvedValue a view's value at read time, {@code null} when not resolved or not a view
 */
public record Entry(String scope, String key, JsonNode value, @Nullable String expr, long version, Instant updatedAt,
                    @Nullable JsonNode resolvedValue) {

    /** Validates the fields. */
    public Entry {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }

    /** A plain value entry. */
    public static Entry of(String scope, String key, JsonNode value, long version, Instant updatedAt) {
        return new Entry(scope, key, value, null, version, updatedAt, null);
    }

    /** A computed view entry. */
    public static Entry view(String key, String expr, long version, Instant updatedAt) {
        return new Entry(Scopes.VIEW, key, NullNode.getInstance(), expr, version, updatedAt, null);
    }

    /** True for a computed view. */
    public boolean isView() {
        return expr != null;
    }

    /** The view's expression, empty for a plain value. */
    public Optional<String> expression() {
        return Optional.ofNullable(expr);
    }

    /** The resolved value of a view, empty when not resolved. */
    public Optional<JsonNode> resolved() {
        return Optional.ofNullable(resolvedValue);
    }

    /** A copy carrying a view's resolved value. */
    public Entry withResolved(JsonNode resolved) {
        return new Entry(scope, key, value, expr, version, updatedAt, resolved);
    }
}
