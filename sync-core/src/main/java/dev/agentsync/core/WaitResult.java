package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a wait ended.
 *
 * @param triggered true when the condition became true
 * @param condition the condition
 * @param value     the condition's value when triggered, else {@code null}
 * @param revision  the room revision the result (and its included data) is from
 * @param elapsedMs milliseconds from the start of the wait to its end
 * @param lastError on timeout, the last evaluation error (for example a missing key), else {@code null}
 * @param included  the requested parts of the room, from the same revision
 * @param timeoutMs the timeout actually used: the request's, capped by the maximum (or the default)
 */
public record WaitResult(boolean triggered, String condition, @Nullable JsonNode value, long revision, long elapsedMs,
                         @Nullable String lastError, Included included, long timeoutMs) {
    /** Validates the fields. */
    public WaitResult {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(included, "included");
    }

    /** True when the wait ended by timeout (or shutdown) rather than by its condition. */
    public boolean timedOut() {
        return !triggered;
    }

    /** The last evaluation error of a timed-out wait. */
    public Optional<String> error() {
        return Optional.ofNullable(lastError);
    }
}
