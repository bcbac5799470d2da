package dev.agentsync.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.AgentStatus;
import dev.agentsync.core.Joined;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.store.memory.MemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The race-free helpers: parked waits, snapshots, assertions that show the room. */
@SyncTest
class TestRoomTest {
    /** {@code agent} waits on {@code condition} from another thread, as an agent of an application would. */
    private static CompletableFuture<WaitResult> waitElsewhere(Sync sync, TestRoom room, Joined agent, String condition) {
        return CompletableFuture.supplyAsync(() -> sync.await(room.id(), WaitRequest.until(condition).as(agent.agent().id())
                .timeout(Duration.ofSeconds(10)), agent.caller()).join());
    }

    /**
     * The race the helper exists for: the agent's status is committed a moment before its timeout is armed. Once
     * awaitParked returns, an advance must time the wait out, every time.
     */
    @RepeatedTest(25)
    void onceParkedAnAdvanceTimesTheWaitOutEveryTime(Sync sync, ManualClock clock, TestRoom room) throws Exception {
        Joined a = room.join("a");
        CompletableFuture<WaitResult> w = waitElsewhere(sync, room, a, "has(state._shared.never)");
        room.awaitParked("a");
        clock.advance(Duration.ofSeconds(10));
        WaitResult r = w.get(10, TimeUnit.SECONDS); // a real-time bound only against a hang; it completes at once
        assertTrue(r.timedOut());
        room.assertStatus("a", AgentStatus.ACTIVE);
    }

    @Test
    void onceParkedAWriteWakesTheWait(Sync sync, TestRoom room) throws Exception {
        Joined a = room.join("a");
        CompletableFuture<WaitResult> w = waitElsewhere(sync, room, a, "has(state._shared.go)");
        room.awaitParked("a").assertStatus("a", AgentStatus.WAITING);
        sync.write(room.id(), Write.of("go", 1));
        assertTrue(w.get(10, TimeUnit.SECONDS).triggered());
    }

    @Test
    void anAgentWaitingInTurnIsCaughtInTheRightWait(Sync sync, ManualClock clock, TestRoom room) throws Exception {
        Joined a = room.join("a");
        CompletableFuture<Boolean> twoWaits = CompletableFuture.supplyAsync(() -> {
            sync.await(room.id(), WaitRequest.until("has(state._shared.first)").as("a"), a.caller()).join();
            return sync.await(room.id(), WaitRequest.until("has(state._shared.second)").as("a").timeout(Duration.ofSeconds(5)), a.caller())
                    .join().triggered();
        });
        room.awaitParked("a", c -> c.contains("first"), TestRoom.DEFAULT_BOUND);
        sync.write(room.id(), Write.of("first", true));
        room.awaitParked("a", c -> c.contains("second"), TestRoom.DEFAULT_BOUND);
        clock.advance(Duration.ofSeconds(5));
        assertFalse(twoWaits.get(10, TimeUnit.SECONDS));
    }

    @Test
    void nWaitsParkedCountsAnonymousWaitsToo(Sync sync, ManualClock clock, TestRoom room) {
        List<CompletableFuture<WaitResult>> ws = List.of(
                CompletableFuture.supplyAsync(() -> sync.await(room.id(), WaitRequest.until("false").timeout(Duration.ofSeconds(1))).join()),
                CompletableFuture.supplyAsync(() -> sync.await(room.id(), WaitRequest.until("false").timeout(Duration.ofSeconds(1))).join()),
                CompletableFuture.supplyAsync(() -> sync.await(room.id(), WaitRequest.until("false").timeout(Duration.ofSeconds(1))).join()));
        room.awaitWaits(3);
        assertEquals(3, sync.waiting(room.id()));
        clock.advance(Duration.ofSeconds(1));
        ws.forEach(w -> assertTrue(w.join().timedOut()));
        assertEquals(0, sync.waiting(room.id()));
    }

    @Test
    void anAgentThatNeverParksFailsTheTestListingWhatIsParked(Sync sync, TestRoom room) {
        Joined a = room.join("a");
        room.join("b");
        sync.await(room.id(), WaitRequest.until("has(state._shared.go)").as("a"), a.caller());
        sync.write(room.id(), Write.of("phase", "planning"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> room.awaitParked("b", Duration.ofMillis(50)));
        String m = e.getMessage();
        assertTrue(m.startsWith("agent 'b' did not park in a wait in room '" + room.id() + "' within PT0.05S; parked now:"), m);
        assertTrue(m.contains("\n  a on `has(state._shared.go)` since "), m);
        assertTrue(m.contains("room '" + room.id() + "' at revision "), m);
        assertTrue(m.contains("_shared.phase = \"planning\""), m);
        assertTrue(m.contains("    a waiting on `has(state._shared.go)`"), m);
        assertTrue(m.contains("    b active"), m);

        AssertionFailedError n = assertThrows(AssertionFailedError.class, () -> room.awaitWaits(2, Duration.ofMillis(20)));
        assertTrue(n.getMessage().startsWith("2 wait(s) were not parked in room '" + room.id() + "' within PT0.02S; parked now:"), n.getMessage());
    }

    @Test
    void awaitDoneGivesTheResultOrFailsWithTheRoomInsteadOfHanging(Sync sync, TestRoom room) {
        assertEquals("ok", room.awaitDone(CompletableFuture.completedFuture("ok")));
        IllegalStateException boom = assertThrows(IllegalStateException.class,
                () -> room.awaitDone(CompletableFuture.failedFuture(new IllegalStateException("boom"))));
        assertEquals("boom", boom.getMessage());
        Joined a = room.join("a");
        CompletableFuture<WaitResult> stuck = waitElsewhere(sync, room, a, "has(state._shared.never)");
        room.awaitParked("a");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> room.awaitDone(stuck, Duration.ofMillis(20)));
        assertTrue(e.getMessage().startsWith("the work did not complete within PT0.02S; parked now:\n  a on `has(state._shared.never)`"),
                e.getMessage());
        assertTrue(e.getMessage().contains("    a waiting on `has(state._shared.never)`"), e.getMessage());
    }

    @Test
    void onASyncTheKitDidNotBuildItReadsThePresence() {
        try (Sync plain = Sync.builder().store(new MemoryStore()).build()) {
            plain.createRoom("r");
            TestRoom room = TestRoom.of(plain, "r");
            Joined a = room.join("a");
            CompletableFuture<WaitResult> w = CompletableFuture.supplyAsync(
                    () -> plain.await("r", WaitRequest.until("has(state._shared.go)").as("a"), a.caller()).join());
            room.awaitParked("a").awaitWaits(1);
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> room.awaitParked("nobody", Duration.ofMillis(20)));
            assertTrue(e.getMessage().contains("    a waiting on `has(state._shared.go)`"), e.getMessage());
            plain.write("r", Write.of("go", 1));
            assertTrue(w.join().triggered());
        }
    }

    @Test
    void theSnapshotHoldsStateByScopeMessagesWithClaimsAndAgentsWithPresence(Sync sync, TestRoom room) {
        Joined boss = room.join("boss");
        room.join("w1");
        sync.batch(room.id(), List.of(Write.of("turn", 2), Write.of("phase", "work")));
        sync.write(room.id(), Write.of("notes", "mine").inScope("boss"), boss.caller());
        sync.write(room.id(), Write.view("done", "state._shared.turn >= 2"));
        long t1 = sync.post(room.id(), NewMessage.of("boss", "task", "one")).id();
        sync.post(room.id(), NewMessage.of("boss", "task", "two"));
        sync.claim(room.id(), t1, "w1");
        sync.heartbeat(room.id(), "w1", "busy", dev.agentsync.core.Caller.anonymous());

        RoomSnapshot s = room.snapshot();
        assertEquals(List.of("_shared", "_view", "boss"), s.state().keySet().stream().sorted().toList());
        assertEquals(2, s.value("_shared", "turn").map(JsonNode::intValue).orElseThrow());
        assertTrue(s.value("_view", "done").orElseThrow().booleanValue());
        assertEquals(java.util.Arrays.asList("w1", null), s.messages().stream().map(m -> m.claimedBy()).toList());
        assertEquals(1, s.unclaimed().size());
        assertEquals(AgentStatus.BUSY, s.agent("w1").orElseThrow().status());
        String text = s.toString();
        assertTrue(text.contains("    _view.done := `state._shared.turn >= 2` = true"), text);
        assertTrue(text.contains("    #1 task from boss: \"one\"  claimed by w1"), text);
        assertTrue(text.contains("    #2 task from boss: \"two\"  unclaimed"), text);
        assertTrue(text.contains("    w1 busy  (role agent"), text);
    }

    @Test
    void assertionsPassQuietlyAndFailShowingTheRoom(Sync sync, TestRoom room) {
        sync.write(room.id(), Write.of("turn", 3));
        room.assertState("turn", 3L).assertState("turn", 3.0).assertHolds("state._shared.turn == 3");
        AssertionFailedError wrong = assertThrows(AssertionFailedError.class, () -> room.assertState("turn", 4));
        assertTrue(wrong.getMessage().startsWith("expected _shared.turn = 4 but it was 3\nroom '"), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("_shared.turn = 3  (v1)"), wrong.getMessage());
        assertEquals("4", String.valueOf(wrong.getExpected().getValue()));
        AssertionFailedError missing = assertThrows(AssertionFailedError.class, () -> room.assertState("nope", 1));
        assertTrue(missing.getMessage().startsWith("expected _shared.nope = 1 but there is no such entry"), missing.getMessage());
        AssertionFailedError holds = assertThrows(AssertionFailedError.class, () -> room.assertHolds("state._shared.turn > 3"));
        assertTrue(holds.getMessage().startsWith("expected `state._shared.turn > 3` to hold, but it is false\nroom '"), holds.getMessage());
    }
}
