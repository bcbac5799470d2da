package dev.agentsync.core.internal;

import dev.agentsync.core.Agent;
import dev.agentsync.core.AgentStatus;
import dev.agentsync.core.Caller;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.Joined;
import dev.agentsync.core.Limits;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.Times;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Agents and their presence: joining (and re-joining, which rotates the token), heartbeats explicit and implied
 * by activity, the {@code waiting} status a wait sets and the status it restores when the wait ends.
 */
public final class Presence {
    private final RoomUnits units;
    private final Identity identity;
    private final Clock clock;
    private final Limits limits;

    /** Presence over {@code units}. */
    public Presence(RoomUnits units, Identity identity, Clock clock, Limits limits) {
        this.units = units;
        this.identity = identity;
        this.clock = clock;
        this.limits = limits;
    }

    private Instant now() {
        return Times.now(clock);
    }

    /** Joins (or re-joins with the agent's current token, rotating it). */
    public Joined join(String room, JoinRequest req, Caller caller) {
        String id = req.id() == null ? UUID.randomUUID().toString() : Ids.require(req.id(), "agent id");
        Checks.text(req.name(), "name");
        Checks.text(req.role(), "role");
        if (req.meta() != null) {
            Checks.size(req.meta(), "meta", limits.maxValueBytes());
        }
        Identity.Credentials who = identity.of(caller);
        return units.mutate(room, tx -> {
            Instant now = now();
            String token = Tokens.generate();
            String newHash = Tokens.hash(token);
            AgentRecord existing = tx.agent(id).orElse(null);
            AgentRecord rec;
            if (existing != null) {
                if (who.hash() == null) {
                    throw new SyncException(ErrorCode.AGENT_EXISTS, "Agent '" + id
                            + "' has joined already; re-join with its bearer token to rotate it, or pick another id.");
                }
                if (!Tokens.sameHash(existing.tokenHash(), who.hash())) {
                    throw new SyncException(ErrorCode.INVALID_TOKEN, "The bearer token is not agent '" + id + "''s current token.");
                }
                boolean waiting = existing.status() == AgentStatus.WAITING;
                rec = new AgentRecord(id, req.name() != null ? req.name() : existing.name(),
                        req.role() != null ? req.role() : existing.role(),
                        req.meta() != null ? req.meta().deepCopy() : existing.meta(),
                        waiting ? AgentStatus.WAITING : AgentStatus.ACTIVE, existing.waitingOn(),
                        waiting ? AgentStatus.ACTIVE : null, existing.joinedAt(), now, newHash);
            } else {
                who.actor(tx);
                rec = new AgentRecord(id, req.name() != null ? req.name() : id, req.role() != null ? req.role() : "agent",
                        req.meta() != null ? req.meta().deepCopy() : Json.NODES.objectNode(), AgentStatus.ACTIVE, null, null,
                        now, now, newHash);
            }
            tx.putAgent(rec);
            return new Joined(rec.toAgent(), token);
        });
    }

    /** The agents of a room, in join order. */
    public List<Agent> agents(String room) {
        return units.read(room, v -> {
            List<Agent> out = new ArrayList<>();
            for (AgentRecord a : v.agents()) {
                out.add(a.toAgent());
            }
            return out;
        });
    }

    /** An explicit heartbeat with an optional status ({@code active} by default). */
    public Agent heartbeat(String room, String agentId, @Nullable String status, Caller caller) {
        AgentStatus st = status == null ? AgentStatus.ACTIVE : AgentStatus.parse(status).orElse(null);
        if (st == null || st == AgentStatus.WAITING) {
            throw new SyncException(ErrorCode.INVALID_STATUS, "Status '" + status
                    + "' cannot be set; use active, idle, busy or done (waiting is set by the server during a wait).");
        }
        Ids.require(agentId, "agent id");
        Identity.Credentials who = identity.forChange(caller);
        return units.mutate(room, tx -> {
            String actor = who.actor(tx);
            AgentRecord a = requireAgent(tx, room, agentId);
            Identity.actAs(actor, agentId);
            AgentRecord next = a.status() == AgentStatus.WAITING
                    ? a.presence(AgentStatus.WAITING, a.waitingOn(), st) // restored when the wait ends
                    : a.presence(st, null, null);
            next = next.heartbeat(now());
            tx.putAgent(next);
            return next.toAgent();
        });
    }

    /** The agent, or {@code agent_not_found}. */
    public static AgentRecord requireAgent(RoomTx tx, String room, String agentId) {
        return tx.agent(agentId).orElseThrow(() -> Checks.agentNotFound(room, agentId));
    }

    /** Activity by an agent counts as its heartbeat (a {@code done} agent stays done). */
    public static void touch(RoomTx tx, @Nullable String agentId, Instant now) {
        if (agentId == null) {
            return;
        }
        AgentRecord a = tx.agent(agentId).orElse(null);
        if (a != null && a.status() != AgentStatus.DONE) {
            tx.putAgent(a.heartbeat(now));
        }
    }

    /** The agent starts waiting on {@code condition}; the status it had is kept to be restored after. */
    public static void startWaiting(RoomTx tx, AgentRecord a, String condition, Instant now) {
        AgentStatus before = a.status() == AgentStatus.WAITING ? a.statusBeforeWait() : a.status();
        tx.putAgent(a.presence(AgentStatus.WAITING, condition, before).heartbeat(now));
    }

    /** Puts agents whose last wait ended back to the status they had before it. */
    public void restore(String room, List<String> agentIds) {
        if (agentIds.isEmpty()) {
            return;
        }
        try {
            units.unit(room, tx -> {
                for (String id : agentIds) {
                    tx.agent(id).ifPresent(a -> {
                        if (a.status() == AgentStatus.WAITING) {
                            AgentStatus back = a.statusBeforeWait() == null ? AgentStatus.ACTIVE : a.statusBeforeWait();
                            tx.putAgent(a.presence(back, null, null));
                        }
                    });
                }
                return null;
            });
        } catch (SyncException e) {
            // the room is gone: nothing left to restore
        }
    }
}
