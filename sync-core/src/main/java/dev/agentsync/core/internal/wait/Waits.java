package dev.agentsync.core.internal.wait;

import static dev.agentsync.core.internal.Checks.invalid;

import dev.agentsync.core.Caller;
import dev.agentsync.core.Limits;
import dev.agentsync.core.Times;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.internal.Cel;
import dev.agentsync.core.internal.Identity;
import dev.agentsync.core.internal.Ids;
import dev.agentsync.core.internal.Presence;
import dev.agentsync.core.internal.RoomUnits;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Starting a wait: validates the request, evaluates the condition and registers the waiter in one unit of work
 * (so no commit can fall between), marks a named agent {@code waiting}, and arms the timeout. The
 * {@link WaitRegistry} holds what is pending; {@link RoomUnits} answers it on each commit.
 */
public final class Waits {
    private final RoomUnits units;
    private final Presence presence;
    private final WaitRegistry registry;
    private final Identity identity;
    private final Cel cel;
    private final Clock clock;
    private final Limits limits;

    /** Waits over {@code units}, pending in {@code registry}. */
    public Waits(RoomUnits units, Presence presence, WaitRegistry registry, Identity identity, Cel cel, Clock clock,
                 Limits limits) {
        this.units = units;
        this.presence = presence;
        this.registry = registry;
        this.identity = identity;
        this.cel = cel;
        this.clock = clock;
        this.limits = limits;
    }

    /** The timeout a request gets: the default when absent, at most the limit. */
    long timeoutMillis(WaitRequest req) {
        if (req.timeout() == null) {
            return limits.defaultWait().toMillis();
        }
        if (req.timeout().isNegative()) {
            throw invalid("'timeout' must be 0 or more milliseconds.");
        }
        return Math.min(req.timeout().toMillis(), limits.maxWait().toMillis());
    }

    /**
     * Waits for a condition. Completes at once when it already holds; else after the first commit that makes
     * it true, or with {@code triggered=false} at the timeout. Cancelling the future ends the wait.
     */
    public CompletableFuture<WaitResult> await(String room, WaitRequest req, Caller caller) {
        units.ensureOpen();
        Cel.Compiled cond = cel.compileCondition(req.condition());
        IncludeSpec include = IncludeSpec.parse(req.include());
        long timeout = timeoutMillis(req);
        String agent = req.agent();
        if (agent != null) {
            Ids.require(agent, "agent id");
        }
        Identity.Credentials who = agent != null ? identity.forChange(caller) : identity.of(caller);
        if (req.afterRevision() != null && req.afterRevision() < 0) {
            throw invalid("'after_revision' must be 0 or more.");
        }
        Waiter w = new Waiter(room, cond, agent, include, clock.millis(),
                req.afterRevision() == null ? -1 : req.afterRevision(), timeout);
        long[] seen = {-1}; // the revision the registration evaluated (its 'waiting' marker is presence, not a revision)
        if (agent == null) {
            units.read(room, v -> {
                who.actor(v);
                seen[0] = v.revision();
                registry.register(w, v);
                return null;
            });
        } else {
            try {
                units.mutate(room, tx -> {
                    String actor = who.actor(tx);
                    AgentRecord a = Presence.requireAgent(tx, room, agent);
                    Identity.actAs(actor, agent);
                    Instant now = Times.now(clock);
                    seen[0] = tx.revision();
                    if (!registry.register(w, tx)) {
                        presence.startWaiting(tx, a, req.condition(), now);
                        registry.agentWaitStarted(w);
                    } else {
                        presence.touch(tx, agent, now);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                registry.abandon(w);
                throw e;
            }
        }
        registry.started(w, timeout);
        // A commit by another process that landed after our snapshot, and whose notification was handled before
        // the waiter was registered, would otherwise be missed: if the room moved meanwhile, look again.
        if (!w.future().isDone()
                && units.store().room(room).map(RoomRecord::revision).orElse(seen[0]) > seen[0]) {
            units.recheck(room);
        }
        return w.future();
    }

    /** Waits in flight in a room. */
    public int count(String room) {
        return registry.count(room);
    }

    /** Ends every wait with {@code triggered=false} (shutdown). */
    public void closeAll() {
        registry.closeAll();
    }
}
