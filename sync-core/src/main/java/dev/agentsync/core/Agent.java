package dev.agentsync.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An agent registered in a room, as every other agent sees it (never with its token).
 *
 * @param id            unique in the room
 * @param name          display name, defaults to the id
 * @param role          free text, defaults to {@code agent}
 * @param meta          any JSON object
 * @param status        presence status
 * @param waitingOn     the condition of the wait in flight, {@code null} when not waiting
 * @param joinedAt      when it first joined
 * @param lastHeartbeat last explicit or automatic heartbeat
 * @param online        true while its last heartbeat is younger than the room's {@code presence_ttl_ms}, or while it has a
 *                      wait in flight
 */
public record Agent(String id, String name, String role, ObjectNode meta, AgentStatus status,
                    @Nullable String waitingOn, Instant joinedAt, Instant lastHeartbeat, boolean online) {
    /** Validates the fields. */
    public Agent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
    }

    /** The condition of the wait in flight, if any. */
    public Optional<String> waiting() {
        return Optional.ofNullable(waitingOn);
    }
}
