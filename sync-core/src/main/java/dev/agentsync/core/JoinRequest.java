package dev.agentsync.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * A join. Every field is optional: the id defaults to a random UUID, the name to the id, the role to
 * {@code agent}.
 *
 * @param id   the agent id
 * @param name display name
 * @param role free text
 * @param meta any JSON object
 */
public record JoinRequest(@Nullable String id, @Nullable String name, @Nullable String role, @Nullable ObjectNode meta) {
    /** Joins as {@code id}. */
    public static JoinRequest of(String id) {
        return new JoinRequest(id, null, null, null);
    }

    /** Joins as {@code id} with a name and a role. */
    public static JoinRequest of(String id, String name, String role) {
        return new JoinRequest(id, name, role, null);
    }
}
