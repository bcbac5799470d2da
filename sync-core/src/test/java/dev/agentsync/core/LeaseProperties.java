package dev.agentsync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based contract of claim leases: random interleavings of claim, renew, release, complete, fenced writes
 * and the passing of time across three workers, applied to a store through the core and to a reference model.
 * Every outcome and every message's holder, fence, delivery count and state must agree, and the invariants hold:
 * at most one holder at any instant, fences strictly increase per message, a completed message is never granted
 * again, and no fenced write by a stale holder ever lands. A store subclasses this as it subclasses
 * {@link StoreContract}.
 */
public abstract class LeaseProperties {
    /** A fresh, empty store. */
    protected abstract Store newStore();

    private static final int WORKERS = 3;
    private static final int MESSAGES = 2;
    private static final int MAX_DELIVERIES = 3;

    /** kind: 0 claim, 1 release, 2 complete (current fence), 3 complete (stale fence), 4 fenced write, 5 stale fenced write, 6 advance. */
    record Act(int kind, int worker, int message, long ms) {
    }

    /** The model of one message. */
    static final class Model {
        String holder;
        long fence;
        int deliveries;
        Instant leaseEnd;
        boolean completed;
        boolean dead;

        boolean held(Instant now) {
            return holder != null && !completed && !dead && (leaseEnd == null || leaseEnd.isAfter(now));
        }
    }

    @Provide
    Arbitrary<List<Act>> acts() {
        Arbitrary<Act> act = Combinators.combine(
                Arbitraries.frequency(List.of(net.jqwik.api.Tuple.of(5, 0), net.jqwik.api.Tuple.of(2, 1), net.jqwik.api.Tuple.of(2, 2),
                        net.jqwik.api.Tuple.of(1, 3), net.jqwik.api.Tuple.of(2, 4), net.jqwik.api.Tuple.of(1, 5), net.jqwik.api.Tuple.of(4, 6))),
                Arbitraries.integers().between(0, WORKERS - 1), Arbitraries.integers().between(1, MESSAGES),
                Arbitraries.longs().between(100, 1_500)).as(Act::new);
        return act.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void leasesKeepTheirInvariants(@ForAll("acts") List<Act> acts) {
        ManualTime time = new ManualTime();
        try (Sync sync = Sync.builder().store(newStore()).clock(time).build()) {
            sync.createRoom("p", null, RoomSettings.defaults().withMaxDeliveries(MAX_DELIVERIES)
                    .withPresenceTtl(Duration.ofDays(1)));
            Map<Integer, Model> model = new HashMap<>();
            for (int m = 1; m <= MESSAGES; m++) {
                sync.post("p", NewMessage.of(null, "task", "t" + m));
                model.put(m, new Model());
            }
            Map<String, Caller> callers = new HashMap<>();
            for (int w = 0; w < WORKERS; w++) {
                callers.put("w" + w, sync.join("p", JoinRequest.of("w" + w)).caller());
            }
            Map<Integer, List<Long>> grants = new HashMap<>();
            int written = 0;
            for (Act a : acts) {
                Instant now = time.instant();
                Model m = model.get(a.message());
                String w = "w" + a.worker();
                String outcome;
                try {
                    switch (a.kind()) {
                        case 0:
                            ClaimResult c = sync.claim("p", a.message(), w, Duration.ofMillis(a.ms()), callers.get(w));
                            grants.computeIfAbsent(a.message(), k -> new ArrayList<>()).add(c.fence());
                            outcome = "ok";
                            break;
                        case 1:
                            sync.release("p", a.message(), w, callers.get(w));
                            outcome = "ok";
                            break;
                        case 2:
                        case 3:
                            sync.complete("p", a.message(), w, a.kind() == 2 ? m.fence : m.fence + 1, callers.get(w));
                            outcome = "ok";
                            break;
                        case 4:
                        case 5:
                            sync.write("p", Write.of("out", ++written).ifClaim(new ClaimFence(a.message(),
                                    a.kind() == 4 ? m.fence : Math.max(0, m.fence - 1))), callers.get(w));
                            outcome = "ok";
                            break;
                        default:
                            time.advance(Duration.ofMillis(a.ms()));
                            outcome = "ok";
                    }
                } catch (SyncException e) {
                    outcome = e.code().code();
                }
                String expected = apply(model, a, now, time.instant());
                assertEquals(expected, outcome, a + " at " + now);
                for (int id = 1; id <= MESSAGES; id++) {
                    Model mm = model.get(id);
                    int mid = id;
                    Message actual = sync.messages("p", MessageQuery.all()).stream().filter(x -> x.id() == mid).findFirst().orElseThrow();
                    Instant t = time.instant();
                    assertEquals(mm.held(t) ? mm.holder : null, actual.claimed() && !actual.leaseRunOut(t) ? actual.claimedBy() : null,
                            "at most one holder, the right one, of message " + id);
                    assertEquals(mm.fence, actual.fence());
                    assertEquals(mm.deliveries, actual.deliveryCount());
                    assertEquals(mm.completed, actual.completedAt() != null);
                    assertEquals(mm.dead, actual.dead());
                }
            }
            grants.forEach((id, fences) -> {
                for (int i = 1; i < fences.size(); i++) {
                    assertTrue(fences.get(i) >= fences.get(i - 1), "fences never go back");
                }
            });
        }
    }

    /** Applies an act to the model; returns the outcome the store must give. */
    private static String apply(Map<Integer, Model> model, Act a, Instant before, Instant after) {
        Model m = model.get(a.message());
        String w = "w" + a.worker();
        switch (a.kind()) {
            case 0:
                if (m.dead) {
                    return "message_dead";
                }
                if (m.completed) {
                    return "already_completed";
                }
                if (m.held(before)) {
                    if (!m.holder.equals(w)) {
                        return "already_claimed";
                    }
                    m.leaseEnd = before.plusMillis(a.ms()); // a renewal
                    return "ok";
                }
                expire(m, before);
                if (m.dead) {
                    return "message_dead";
                }
                m.holder = w;
                m.fence++;
                m.deliveries++;
                m.leaseEnd = before.plusMillis(a.ms());
                return "ok";
            case 1:
            case 2:
            case 3:
                if (m.completed) {
                    return "already_completed";
                }
                if (m.dead) {
                    return "message_dead";
                }
                if (!m.held(before) || !m.holder.equals(w)) {
                    return "not_holder";
                }
                if (a.kind() == 3) {
                    return "stale_fence";
                }
                if (a.kind() == 2) {
                    m.completed = true;
                    m.leaseEnd = null;
                    return "ok";
                }
                m.holder = null;
                m.leaseEnd = null;
                m.dead = m.deliveries >= MAX_DELIVERIES;
                return "ok";
            case 4:
            case 5:
                long fence = a.kind() == 4 ? m.fence : Math.max(0, m.fence - 1);
                return m.held(before) && m.holder.equals(w) && fence == m.fence ? "ok" : "stale_fence";
            default:
                for (Model each : model.values()) {
                    expire(each, after);
                }
                return "ok";
        }
    }

    private static void expire(Model m, Instant now) {
        if (m.holder != null && !m.completed && !m.dead && m.leaseEnd != null && !m.leaseEnd.isAfter(now)) {
            m.holder = null;
            m.leaseEnd = null;
            m.dead = m.deliveries >= MAX_DELIVERIES;
        }
    }
}
