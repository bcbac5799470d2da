package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a room a wait asked to have returned with its result, all from the revision of the result.
 *
 * @param state         scope to key to value (views resolved), for {@code state} or {@code state.<scope>}
 * @param agents        the agents, for {@code agents}
 * @param messages      the aggregate, for {@code messages}
 * @param messagesSince up to 50 messages after a cursor, for {@code messages:after:<id>}
 */
public record Included(@Nullable Map<String, Map<String, JsonNode>> state, @Nullable List<Agent> agents,
                       @Nullable MessageCounts messages, @Nullable List<Message> messagesSince) {
    /** Nothing included. */
    public static final Included NONE = new Included(null, null, null, null);

    /** The included state, if asked for. */
    public Optional<Map<String, Map<String, JsonNode>>> stateIncluded() {
        return Optional.ofNullable(state);
    }

    /** The included agents, if asked for. */
    public Optional<List<Agent>> agentsIncluded() {
        return Optional.ofNullable(agents);
    }
}
