package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The result of evaluating an expression against a room.
 *
 * @param expression  the expression
 * @param value       its value as JSON
 * @param revision    the room revision it was evaluated at
 * @param stateScopes the scopes visible as {@code state.*}
 * @param agents      the agent ids visible as {@code agents.*}
 * @param messages    the {@code messages} aggregate
 */
public record EvalResult(String expression, JsonNode value, long revision, List<String> stateScopes, List<String> agents,
                         MessageCounts messages) {
    /** Copies the lists. */
    public EvalResult {
        stateScopes = List.copyOf(stateScopes);
        agents = List.copyOf(agents);
    }
}
