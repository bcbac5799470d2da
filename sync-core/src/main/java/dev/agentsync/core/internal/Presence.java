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
import dev.agentsync.core.spi.RoomView;
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
    private final Deadlines deadlines;
    private final Clock clock;
    private final Limits limits;

    /** Presence over {@code units}; {@code deadlines} notices agents going offline. */
    public Presence(RoomUnits units, Identity identity, Deadlines deadlines, Clock clock, Limits limits) {
        this.units = units;
        this.identity = identity;
        this.deadlines = deadlines;
        this.clock = clock;
        this.limits = limits;
    }

    private static long ttl(RoomView v) {
        return v.room().settings().presenceTtlMs();
    }

    /** Writes an agent record and times its going offline. */
    private void put(RoomTx tx, AgentRecord a) {
        tx.putAgent(a);
        deadlines.presence(tx.room().id(), a, ttl(tx));
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
            put(tx, rec);
            return new Joined(rec.toAgent(now, ttl(tx)), token);
        });
    }

    /** The agents of a room, in join order. */
    public List<Agent> agents(String room) {
        Instant now = now();
        return units.read(room, v -> {
            List<Agent> out = new ArrayList<>();
            for (AgentRecord a : v.agents()) {
                out.add(a.toAgent(now, ttl(v)));
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
            Instant now = now();
            next = next.heartbeat(now);
            put(tx, next);
            return next.toAgent(now, ttl(tx));
        });
    }

    /** The agent, or {@code agent_not_found}. */
    public static AgentRecord requireAgent(RoomTx tx, String room, String agentId) {
        return tx.agent(agentId).orElseThrow(() -> Checks.agentNotFound(room, agentId));
    }

    /** Activity by an agent counts as its heartbeat (a {@code done} agent stays done). */
    public void touch(RoomTx tx, @Nullable String agentId, Instant now) {
        if (agentId == null) {
            return;
        }
        AgentRecord a = tx.agent(agentId).orElse(null);
        if (a != null && a.status() != AgentStatus.DONE) {
            put(tx, a.heartbeat(now));
        }
    }

    /** The agent starts waiting on {@code condition} (a heartbeat; online while it waits). */
    public void startWaiting(RoomTx tx, AgentRecord a, String condition, Instant now) {
        AgentStatus before = a.status() == AgentStatus.WAITING ? a.statusBeforeWait() : a.status();
        put(tx, a.presence(AgentStatus.WAITING, condition, before).heartbeat(now));
    }

    /**
     * Puts agents whose last wait ended back to the status they had before it; the presence TTL runs again from
     * now.
     */
    public void restore(String room, List<String> agentIds) {
        if (agentIds.isEmpty()) {
            return;
        }
        try {
            units.unit(room, tx -> {
                Instant now = now();
                for (String id : agentIds) {
                    tx.agent(id).ifPresent(a -> {
                        if (a.status() == AgentStatus.WAITING) {
                            AgentStatus back = a.statusBeforeWait() == null ? AgentStatus.ACTIVE : a.statusBeforeWait();
                            put(tx, a.presence(back, null, null).heartbeat(now));
                        }
                    });
                }
                return null;
            });
        } catch (SyncException e) {
            // the room is gone: nothing left to restore
        }
    }

    /**
     * The timer says an agent may have gone offline. When it has, waits re-check (its {@code online} changed) and,
     * in a room that asks for it, its claims are released; when it was heard from meanwhile, time it again.
     *
     * <p>The decision and the release are one unit: an agent heard from between a look at its heartbeat and the
     * release (it woke from a wait and claimed, say) must keep what it holds.
     */
    public void presenceDue(String room, String agentId, Claims claims) {
        if (units.closed()) {
            return;
        }
        List<Long> exhausted = new ArrayList<>();
        boolean wentOffline;
        try {
            wentOffline = units.unit(room, tx -> {
                AgentRecord a = tx.agent(agentId).orElse(null);
                if (a == null) {
                    return false;
                }
                if (a.online(now(), ttl(tx))) {
                    deadlines.presence(room, a, ttl(tx));
                    return false;
                }
                if (tx.room().settings().releaseClaimsOnOffline()) {
                    claims.releaseAllOf(room, agentId, tx, exhausted);
                }
                return true;
            });
        } catch (SyncException e) {
            return; // the room is gone
        }
        claims.bury(room, exhausted, -1);
        if (wentOffline) {
            units.recheck(room);
        }
    }

    /** The agent leaves: its record goes (its token with it) and its claims are released, in one commit. */
    public void leave(String room, String agentId, Caller caller, Claims claims) {
        Ids.require(agentId, "agent id");
        Identity.Credentials who = identity.forChange(caller);
        List<Long> exhausted = new ArrayList<>();
        units.mutate(room, tx -> {
            String actor = who.actor(tx);
            requireAgent(tx, room, agentId);
            Identity.actAs(actor, agentId);
            tx.removeAgent(agentId);
            deadlines.presence(room, agentId, null);
            claims.releaseAllOf(room, agentId, tx, exhausted);
            return null;
        });
        claims.bury(room, exhausted, -1);
    }
}
