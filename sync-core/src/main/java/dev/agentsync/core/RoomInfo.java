package dev.agentsync.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A room: the isolation boundary for agents, state and messages.
 *
 * @param id        the room id
 * @param createdAt when it was created
 * @param meta      any JSON object given at creation
 * @param revision  increases by one on every committed mutation in the room (presence changes do not count)
 * @param settings  the settings fixed at creation, every default filled in
 */
public record RoomInfo(String id, Instant createdAt, ObjectNode meta, long revision, RoomSettings settings) {
    /** Validates the fields. */
    public RoomInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(settings, "settings");
    }
}
