package dev.agentsync.core.internal;

import static dev.agentsync.core.internal.Checks.invalid;

import dev.agentsync.core.AlreadyClaimedException;
import dev.agentsync.core.AlreadyCompletedException;
import dev.agentsync.core.Caller;
import dev.agentsync.core.ClaimFence;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.CompleteResult;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageDeadException;
import dev.agentsync.core.NotHolderException;
import dev.agentsync.core.ReleaseResult;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.StaleFenceException;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.Times;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Claims as leases, once: granting (each grant the next fence), renewal by the holder, release, completion,
 * expiry when a lease runs out, delivery counting and dead messages, and the fence check of fenced writes.
 *
 * <p>A release or expiry that uses up the last delivery is two commits, as the contract says: the message goes
 * back to unclaimed, then dies; the caller is answered after both.
 */
public final class Claims {
    private final RoomUnits units;
    private final Identity identity;
    private final Presence presence;
    private final Deadlines deadlines;
    private final Clock clock;

    /** Claims over {@code units}, their leases timed by {@code deadlines}. */
    public Claims(RoomUnits units, Identity identity, Presence presence, Deadlines deadlines, Clock clock) {
        this.units = units;
        this.identity = identity;
        this.presence = presence;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    private static SyncException notFound(String room, long id) {
        return new SyncException(ErrorCode.MESSAGE_NOT_FOUND, "No message " + id + " in room '" + room + "'.");
    }

    /** True when a message granted as often as the room allows has no delivery left. */
    static boolean exhausted(Message m, RoomSettings s) {
        return s.maxDeliveries() != null && m.deliveryCount() >= s.maxDeliveries();
    }

    /** Held now: claimed, its lease (if any) not run out. */
    static boolean heldNow(Message m, Instant now) {
        return m.claimed() && !m.leaseRunOut(now);
    }

    /** Grants (or renews, for its holder) a claim. */
    public ClaimResult claim(String room, long messageId, String agent, @Nullable Duration lease, Caller caller) {
        Ids.require(agent, "agent");
        if (lease != null && lease.toMillis() < 1) {
            throw invalid("'lease_ms' must be a whole number of at least 1, was " + lease.toMillis() + ".");
        }
        Identity.Credentials who = identity.forChange(caller);
        return units.mutate(room, tx -> {
            Identity.actAs(who.actor(tx), agent);
            Message m = tx.message(messageId).orElseThrow(() -> notFound(room, messageId));
            Instant now = Times.now(clock);
            RoomSettings settings = tx.room().settings();
            if (m.dead()) {
                throw new MessageDeadException(messageId, m.deliveryCount());
            }
            if (m.completedAt() != null) {
                throw new AlreadyCompletedException(messageId, m.claimedBy(), m.completedAt());
            }
            Long leaseMs = lease != null ? Long.valueOf(lease.toMillis()) : null;
            if (heldNow(m, now)) {
                if (!agent.equals(m.claimedBy())) {
                    throw new AlreadyClaimedException(messageId, m.claimedBy(), m.claimedAt());
                }
                Message renewed = m.renew(now, leaseMs);
                tx.renewMessage(renewed);
                deadlines.lease(room, messageId, renewed.leaseExpiresAt());
                presence.touch(tx, agent, now);
                return result(renewed, tx.revision());
            }
            if (exhausted(m, settings)) { // its last claim ran out a moment ago; the expiry timer is burying it
                throw new MessageDeadException(messageId, m.deliveryCount());
            }
            Message granted = m.claim(agent, now, leaseMs != null ? leaseMs : settings.claimLeaseMs());
            tx.putMessage(granted);
            deadlines.lease(room, messageId, granted.leaseExpiresAt());
            presence.touch(tx, agent, now);
            return result(granted, tx.revision() + 1);
        });
    }

    private static ClaimResult result(Message m, long revision) {
        return new ClaimResult(m.id(), m.claimedBy(), m.claimedAt(), m.leaseExpiresAt(), m.fence(), m.deliveryCount(), revision);
    }

    /** Checks, in the contract's order, that {@code agent} may act on {@code m} as its holder. */
    private static void requireHolder(Message m, String agent, Instant now) {
        if (m.completedAt() != null) {
            throw new AlreadyCompletedException(m.id(), m.claimedBy(), m.completedAt());
        }
        if (m.dead()) {
            throw new MessageDeadException(m.id(), m.deliveryCount());
        }
        if (!heldNow(m, now) || !agent.equals(m.claimedBy())) {
            throw new NotHolderException(m.id(), agent, heldNow(m, now) ? m.claimedBy() : null);
        }
    }

    /** The holder gives the message back. */
    public ReleaseResult release(String room, long messageId, String agent, Caller caller) {
        Ids.require(agent, "agent");
        Identity.Credentials who = identity.forChange(caller);
        boolean[] dies = {false};
        long rev = units.mutate(room, tx -> {
            Identity.actAs(who.actor(tx), agent);
            Message m = tx.message(messageId).orElseThrow(() -> notFound(room, messageId));
            Instant now = Times.now(clock);
            requireHolder(m, agent, now);
            tx.putMessage(m.unclaim());
            deadlines.lease(room, messageId, null);
            presence.touch(tx, agent, now);
            dies[0] = exhausted(m, tx.room().settings());
            return tx.revision() + 1;
        });
        if (dies[0]) {
            rev = bury(room, List.of(messageId), rev);
        }
        return new ReleaseResult(messageId, dies[0], rev);
    }

    /** The holder marks the work done. */
    public CompleteResult complete(String room, long messageId, String agent, @Nullable Long fence, Caller caller) {
        Ids.require(agent, "agent");
        Identity.Credentials who = identity.forChange(caller);
        return units.mutate(room, tx -> {
            Identity.actAs(who.actor(tx), agent);
            Message m = tx.message(messageId).orElseThrow(() -> notFound(room, messageId));
            Instant now = Times.now(clock);
            requireHolder(m, agent, now);
            if (fence != null && fence != m.fence()) {
                throw new StaleFenceException(messageId, fence, m.fence(), m.claimedBy(), -1);
            }
            Message done = m.complete(now);
            tx.putMessage(done);
            deadlines.lease(room, messageId, null);
            presence.touch(tx, agent, now);
            return new CompleteResult(messageId, now, tx.revision() + 1);
        });
    }

    /**
     * A fenced write's check, inside its unit: the message is held right now under exactly this fence and, when
     * the request carries a token ({@code actor}), by that agent.
     *
     * @throws StaleFenceException otherwise ({@code index}: the write's place in its batch, or -1)
     */
    static void checkFence(RoomView v, ClaimFence f, @Nullable String actor, int index, Instant now) {
        Message m = v.message(f.message()).orElseThrow(() -> notFound(v.room().id(), f.message()));
        boolean held = heldNow(m, now);
        if (!held || m.fence() != f.fence() || (actor != null && !actor.equals(m.claimedBy()))) {
            throw new StaleFenceException(m.id(), f.fence(), m.fence(), held ? m.claimedBy() : null, index);
        }
    }

    /** The timer says a lease may have run out: end the claim if it has (exactly once, whoever gets there first). */
    public void expire(String room, long messageId) {
        if (units.closed()) {
            return;
        }
        boolean[] dies = {false};
        boolean expired = units.unit(room, tx -> {
            Message m = tx.message(messageId).orElse(null);
            Instant now = Times.now(clock);
            if (m == null || !m.leaseRunOut(now)) {
                if (m != null && heldNow(m, now)) {
                    deadlines.lease(room, messageId, m.leaseExpiresAt()); // renewed elsewhere: time the new lease
                }
                return false;
            }
            tx.putMessage(m.unclaim());
            dies[0] = exhausted(m, tx.room().settings());
            return true;
        });
        if (expired && dies[0]) {
            bury(room, List.of(messageId), -1);
        }
    }

    /** Releases every claim {@code agent} holds (it left, or went offline in a room that asks for it). */
    public void releaseAllOf(String room, String agent, RoomTx tx, List<Long> exhausted) {
        for (Message m : tx.heldMessages()) {
            if (agent.equals(m.claimedBy())) {
                tx.putMessage(m.unclaim());
                deadlines.lease(room, m.id(), null);
                if (exhausted(m, tx.room().settings())) {
                    exhausted.add(m.id());
                }
            }
        }
    }

    /** The second commit of a release or expiry that used up the last delivery: the messages die. */
    long bury(String room, List<Long> messageIds, long revision) {
        if (messageIds.isEmpty()) {
            return revision;
        }
        return units.unit(room, tx -> {
            for (long id : messageIds) {
                tx.message(id).filter(m -> m.claimable() && exhausted(m, tx.room().settings()))
                        .ifPresent(m -> tx.putMessage(m.die()));
            }
            return tx.movesRevision() ? tx.revision() + 1 : tx.revision();
        });
    }
}
