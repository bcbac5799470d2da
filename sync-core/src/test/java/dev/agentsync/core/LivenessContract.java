package dev.agentsync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.spi.Store;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence liveness: {@code online} from the room's {@code presence_ttl_ms}, noticed by the server by itself;
 * presence never moves the revision; claims released on going offline when the room asks; leaving. Runs for every
 * store as {@code StoreContract}'s nested {@code Liveness} group.
 */
public abstract class LivenessContract {
    /** A fresh, empty store. */
    protected abstract Store newStore();

    protected static final String ROOM = "live";
    protected ManualTime time;
    protected Sync sync;

    @BeforeEach
    void setUpLiveness() {
        time = new ManualTime();
        sync = Sync.builder().store(newStore()).clock(time).build();
        sync.createRoom(ROOM, null, RoomSettings.defaults().withPresenceTtl(Duration.ofSeconds(10)).withReleaseClaimsOnOffline(true));
    }

    @AfterEach
    void tearDownLiveness() {
        if (sync != null) {
            sync.close();
        }
    }

    private Agent agent(String id) {
        return sync.agents(ROOM).stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private long revision() {
        return sync.room(ROOM).orElseThrow().revision();
    }

    @Test
    void anAgentGoesOfflineByItselfAndParkedWaitsNoticeIt() {
        sync.join(ROOM, JoinRequest.of("worker"));
        sync.join(ROOM, JoinRequest.of("watchdog"));
        assertTrue(agent("worker").online());
        CompletableFuture<WaitResult> w = sync.await(ROOM, WaitRequest.until("!agents.worker.online").as("watchdog")
                .timeout(Duration.ofSeconds(60)));
        time.advance(Duration.ofMillis(9_999));
        assertFalse(w.isDone());
        time.advance(Duration.ofMillis(1)); // no request arrives
        assertTrue(w.isDone());
        assertTrue(w.join().triggered());
        assertFalse(agent("worker").online());
        assertTrue(agent("watchdog").online(), "a parked wait keeps its agent online");
    }

    @Test
    void heartbeatsKeepAnAgentOnlineAndDoNotMoveTheRevision() {
        Joined a = sync.join(ROOM, JoinRequest.of("a"));
        long rev = revision();
        for (int i = 0; i < 5; i++) {
            time.advance(Duration.ofSeconds(9));
            sync.heartbeat(ROOM, "a", null, a.caller());
        }
        assertTrue(agent("a").online());
        assertEquals(rev, revision(), "presence is not a revision");
        sync.heartbeat(ROOM, "a", "busy", a.caller());
        assertEquals(rev, revision());
    }

    @Test
    void aWaitWithAfterRevisionIsNotWokenByItsOwnWaitingMarker() {
        Joined a = sync.join(ROOM, JoinRequest.of("a"));
        long rev = revision();
        CompletableFuture<WaitResult> w = sync.await(ROOM, WaitRequest.until("true").as("a").afterRevision(rev)
                .timeout(Duration.ofSeconds(5)), a.caller());
        assertFalse(w.isDone(), "its own 'waiting' marker is presence, not a revision");
        sync.heartbeat(ROOM, "a", null, a.caller());
        assertFalse(w.isDone());
        sync.write(ROOM, Write.of("x", 1));
        assertTrue(w.join().triggered());
        assertEquals(rev + 1, w.join().revision());
    }

    @Test
    void goingOfflineReleasesClaimsWhenTheRoomAsks() {
        sync.join(ROOM, JoinRequest.of("w"));
        long id = sync.post(ROOM, NewMessage.of(null, "task", "t")).id();
        sync.claim(ROOM, id, "w");
        time.advance(Duration.ofSeconds(10));
        Message m = sync.messages(ROOM, MessageQuery.all()).get(0);
        assertTrue(m.claimable(), "released when its holder went offline");
        assertEquals(1, m.fence());
    }

    /**
     * Going offline and claiming interleave: the agent claims (so is heard from) right after the first look the
     * presence timer takes at the store, before the timer has finished. The agent is then online, so it must keep
     * what it claimed; a release decided on that first, stale look would take it away.
     */
    @Test
    void anAgentHeardFromWhileItsPresenceRunsOutKeepsWhatItClaims() {
        java.util.concurrent.atomic.AtomicReference<Runnable> next = new java.util.concurrent.atomic.AtomicReference<>();
        Store inner = newStore();
        Store interleaving = new Store() {
            private <T> T then(T result) {
                Runnable r = next.getAndSet(null);
                if (r != null) {
                    r.run();
                }
                return result;
            }

            @Override
            public boolean createRoom(dev.agentsync.core.spi.RoomRecord room) {
                return inner.createRoom(room);
            }

            @Override
            public java.util.Optional<dev.agentsync.core.spi.RoomRecord> room(String id) {
                return inner.room(id);
            }

            @Override
            public java.util.List<dev.agentsync.core.spi.RoomRecord> roomsWithToken(String tokenHash) {
                return inner.roomsWithToken(tokenHash);
            }

            @Override
            public <T> T read(String roomId, java.util.function.Function<? super dev.agentsync.core.spi.RoomView, T> work) {
                return then(inner.read(roomId, work));
            }

            @Override
            public <T> T write(String roomId, java.util.function.Function<? super dev.agentsync.core.spi.RoomTx, T> work) {
                return then(inner.write(roomId, work));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        ManualTime clock = new ManualTime();
        try (Sync s = Sync.builder().store(interleaving).clock(clock).build()) {
            s.createRoom(ROOM, null, RoomSettings.defaults().withPresenceTtl(Duration.ofSeconds(10)).withReleaseClaimsOnOffline(true));
            s.join(ROOM, JoinRequest.of("w"));
            long id = s.post(ROOM, NewMessage.of(null, "task", "t")).id();
            clock.advance(Duration.ofMillis(9_999));
            CompletableFuture<ClaimResult> claimed = new CompletableFuture<>();
            next.set(() -> claimed.complete(s.claim(ROOM, id, "w"))); // runs after the timer's first store call
            clock.advance(Duration.ofMillis(1)); // w's presence deadline
            assertTrue(claimed.isDone(), "the claim ran inside the timer's work");
            clock.runDue();
            assertTrue(s.agents(ROOM).get(0).online(), "w was heard from at the deadline");
            assertEquals("w", s.messages(ROOM, MessageQuery.all()).get(0).claimedBy(), "w is online, yet its claim was released");
        }
    }

    @Test
    void anAgentThatLeavesLosesItsTokenAndItsClaims() {
        Joined a = sync.join(ROOM, JoinRequest.of("a"));
        Joined b = sync.join(ROOM, JoinRequest.of("b"));
        long id = sync.post(ROOM, NewMessage.of(null, "task", "t")).id();
        sync.claim(ROOM, id, "a", null, a.caller());
        assertEquals(ErrorCode.IDENTITY_MISMATCH, assertThrows(SyncException.class, () -> sync.leave(ROOM, "a", b.caller())).code());
        assertEquals(ErrorCode.AGENT_NOT_FOUND, assertThrows(SyncException.class, () -> sync.leave(ROOM, "zz", Caller.anonymous())).code());
        sync.leave(ROOM, "a", a.caller());
        assertEquals(1, sync.agents(ROOM).size());
        assertTrue(sync.messages(ROOM, MessageQuery.all()).get(0).claimable());
        assertEquals(ErrorCode.INVALID_TOKEN, assertThrows(SyncException.class,
                () -> sync.write(ROOM, Write.of("k", 1), a.caller())).code());
        Joined again = sync.join(ROOM, JoinRequest.of("a"));
        assertEquals("a", again.agent().id());
    }

    @Test
    void onlineIsVisibleInCel() {
        sync.join(ROOM, JoinRequest.of("a"));
        assertEquals(true, sync.eval(ROOM, "agents.a.online").value().booleanValue());
        time.advance(Duration.ofSeconds(11));
        assertEquals(false, sync.eval(ROOM, "agents.a.online").value().booleanValue());
    }
}
