package dev.agentsync.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A wait: block until {@code condition} is {@code true} on the room, or until {@code timeout} passes.
 *
 * <pre>{@code
 * WaitRequest.until("state._shared.turn == 3").as("agent-a").timeout(Duration.ofSeconds(10)).include("state", "agents")
 * }</pre>
 *
 * @param condition a CEL expression
 * @param agent     the waiting agent (shown as {@code waiting} while the wait is in flight), or {@code null}
 * @param timeout   how long to wait; {@code null} means the configured default
 * @param include   what to return with the result: {@code state}, {@code state.<scope>}, {@code agents},
 *                  {@code messages}, {@code messages:after:<id>}
 * @param afterRevision also require the room's revision to be greater than this ({@code null}: no such
 *                  requirement); with condition {@code true} this waits for the next commit of any kind
 */
public record WaitRequest(String condition, @Nullable String agent, @Nullable Duration timeout, List<String> include,
                          @Nullable Long afterRevision) {
    /** Validates the fields. */
    public WaitRequest {
        Objects.requireNonNull(condition, "condition");
        include = List.copyOf(include);
    }

    /** Waits for {@code condition}, default timeout, nothing included. */
    public static WaitRequest until(String condition) {
        return new WaitRequest(condition, null, null, List.of(), null);
    }

    /** The same wait made by {@code agentId}. */
    public WaitRequest as(String agentId) {
        return new WaitRequest(condition, agentId, timeout, include, afterRevision);
    }

    /** The same wait with a timeout. */
    public WaitRequest timeout(Duration d) {
        return new WaitRequest(condition, agent, d, include, afterRevision);
    }

    /** The same wait returning these parts of the room. */
    public WaitRequest include(String... parts) {
        return new WaitRequest(condition, agent, timeout, List.of(parts), afterRevision);
    }

    /** The same wait, satisfied only by a revision greater than {@code revision}. */
    public WaitRequest afterRevision(long revision) {
        return new WaitRequest(condition, agent, timeout, include, revision);
    }
}
