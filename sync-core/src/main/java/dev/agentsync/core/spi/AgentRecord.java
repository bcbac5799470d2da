package dev.agentsync.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.Agent;
import dev.agentsync.core.AgentStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An agent as a store keeps it: the public fields plus the token hash and the status to restore after
 * a wait. Stores persist it as given; the core owns every rule about it.
 *
 * @param id               agent id
 * @param name             display name
 * @param role             role
 * @param meta             meta object
 * @param status           presence status
 * @param waitingOn        condition in flight, or {@code null}
 * @param statusBeforeWait status to restore when the last wait ends, or {@code null}
 * @param joinedAt         first join
 * @param lastHeartbeat    last heartbeat
 * @param tokenHash        lowercase hex SHA-256 of the current token
 */
public record AgentRecord(String id, String name, String role, ObjectNode meta, AgentStatus status,
                          @Nullable String waitingOn, @Nullable AgentStatus statusBeforeWait, Instant joinedAt,
                          Instant lastHeartbeat, String tokenHash) {
    /** Validates the fields. */
    public AgentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
        Objects.requireNonNull(tokenHash, "tokenHash");
    }

    /**
     * Presence liveness, the one rule: online while the last heartbeat is younger than {@code ttlMs} at
     * {@code now}, or while a wait is in flight (status {@code waiting}).
     */
    public boolean online(Instant now, long ttlMs) {
        return status == AgentStatus.WAITING || lastHeartbeat.plusMillis(ttlMs).isAfter(now);
    }

    /** When it goes offline if nothing happens: its last heartbeat plus {@code ttlMs} (not while waiting). */
    public Instant offlineAt(long ttlMs) {
        return lastHeartbeat.plusMillis(ttlMs);
    }

    /** The public view at {@code now}, without the token hash. */
    public Agent toAgent(Instant now, long ttlMs) {
        return new Agent(id, name, role, meta, status, waitingOn, joinedAt, lastHeartbeat, online(now, ttlMs));
    }

    /** A copy with a new heartbeat time. */
    public AgentRecord heartbeat(Instant at) {
        return new AgentRecord(id, name, role, meta, status, waitingOn, statusBeforeWait, joinedAt, at, tokenHash);
    }

    /** A copy with new presence fields. */
    public AgentRecord presence(AgentStatus newStatus, @Nullable String newWaitingOn, @Nullable AgentStatus before) {
        return new AgentRecord(id, name, role, meta, newStatus, newWaitingOn, before, joinedAt, lastHeartbeat, tokenHash);
    }
}
