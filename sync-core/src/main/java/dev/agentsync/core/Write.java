package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One state write, as in {@code PUT /rooms/:room/state} or one element of a batch.
 *
 * <pre>{@code
 * Write.of("phase", TextNode.valueOf("planning")).ifVersion(0)          // create only if absent
 * Write.increment("tasks_done", 1)                                      // atomic add
 * Write.of("move", TextNode.valueOf("e2e4")).when("state._shared.turn == 3")
 * Write.view("all_ready", "agents.a.status == 'active'")                 // computed view
 * }</pre>
 *
 * @param scope     the scope, {@code _shared} by default
 * @param key       the key
 * @param value     the value, or the delta of an increment ({@code null}: 1); {@code null} otherwise only for a view
 * @param expr      the CEL expression of a view (scope {@code _view}), else {@code null}
 * @param ifVersion CAS: 0 = only if absent, n = only if the current version is n; {@code null} = unconditional
 * @param increment add {@code value} to the current number instead of replacing it
 * @param gate      a CEL write gate ({@code if}); the write happens only if it evaluates to {@code true}
 * @param ifClaim   a fence: the write happens only while that claim is held now under that grant, else {@code null}
 */
public record Write(String scope, String key, @Nullable JsonNode value, @Nullable String expr, @Nullable Long ifVersion,
                    boolean increment, @Nullable String gate, @Nullable ClaimFence ifClaim) {

    /** Checks the fields that can be checked without limits; the engine validates the rest. */
    public Write {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
    }

    /** A write without a fence. */
    public Write(String scope, String key, @Nullable JsonNode value, @Nullable String expr, @Nullable Long ifVersion,
                 boolean increment, @Nullable String gate) {
        this(scope, key, value, expr, ifVersion, increment, gate, null);
    }

    /** The same write, made only while {@code fence} names the current grant of its message (a fenced write). */
    public Write ifClaim(ClaimFence fence) {
        return new Write(scope, key, value, expr, ifVersion, increment, gate, fence);
    }

    /** Sets {@code value} under {@code key} in {@code _shared}. */
    public static Write of(String key, JsonNode value) {
        return new Write(Scopes.SHARED, key, value, null, null, false, null);
    }

    /** Sets a string. */
    public static Write of(String key, String value) {
        return of(key, JsonNodeFactory.instance.textNode(value));
    }

    /** Sets an integer. */
    public static Write of(String key, long value) {
        return of(key, JsonNodeFactory.instance.numberNode(value));
    }

    /** Sets a boolean. */
    public static Write of(String key, boolean value) {
        return of(key, JsonNodeFactory.instance.booleanNode(value));
    }

    /** Sets a double. */
    public static Write of(String key, double value) {
        return of(key, JsonNodeFactory.instance.numberNode(value));
    }

    /** Adds {@code delta} to the integer under {@code key} in {@code _shared} (0 if absent). */
    public static Write increment(String key, long delta) {
        return new Write(Scopes.SHARED, key, JsonNodeFactory.instance.numberNode(delta), null, null, true, null);
    }

    /** Adds {@code delta} to the number under {@code key} in {@code _shared}. */
    public static Write increment(String key, double delta) {
        return new Write(Scopes.SHARED, key, JsonNodeFactory.instance.numberNode(delta), null, null, true, null);
    }

    /** Stores a computed view {@code _view/key}. */
    public static Write view(String key, String expr) {
        return new Write(Scopes.VIEW, key, null, expr, null, false, null);
    }

    /** The same write in another scope. */
    public Write inScope(String newScope) {
        return new Write(newScope, key, value, expr, ifVersion, increment, gate, ifClaim);
    }

    /** The same write, compare-and-swap on {@code version} (0 = only if absent). */
    public Write ifVersion(long version) {
        return new Write(scope, key, value, expr, version, increment, gate, ifClaim);
    }

    /** The same write, gated by a CEL expression. */
    public Write when(String celGate) {
        return new Write(scope, key, value, expr, ifVersion, increment, celGate, ifClaim);
    }
}
