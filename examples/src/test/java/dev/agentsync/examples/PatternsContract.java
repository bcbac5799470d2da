package dev.agentsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.test.EveryStore;
import dev.agentsync.test.SyncFixture;
import dev.agentsync.test.SyncTest;
import dev.agentsync.test.TestRoom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Each pattern runs to completion and its outcome holds, on every store, with time driven by hand; subclasses
 * choose how the agents reach the fixture's {@code Sync}: in-process or through a server over HTTP.
 */
@SyncTest
abstract class PatternsContract {
    /** How the agents reach {@code f}'s Sync. */
    abstract SyncClient.Connection connect(SyncFixture f);

    @EveryStore
    void turnsStrictlyAlternate(SyncFixture f) {
        TurnBasedGame.Result r = TurnBasedGame.play(connect(f), "game", 12);
        assertEquals(12, r.movers().size());
        for (int t = 0; t < 12; t++) {
            assertEquals(t % 2 == 0 ? "alice" : "bob", r.movers().get(t), "turn " + t + " of " + r.movers());
        }
        TestRoom.of(f.sync(), "game").assertState("turn", 12).assertState("currentPlayer", "alice");
    }

    @EveryStore
    void everyTaskDoneExactlyOnceWithItsReply(SyncFixture f) {
        FanOutFanIn.Result r = FanOutFanIn.run(connect(f), "fan", 30, 5);
        assertEquals(30, r.claimedBy().size());
        assertEquals(30, r.tasksDone());
        for (Map.Entry<Long, String> e : r.claimedBy().entrySet()) {
            assertNotNull(e.getValue(), "task " + e.getKey() + " was claimed");
            assertTrue(e.getValue().startsWith("worker-"));
        }
        int n = 1;
        for (List<Long> replies : r.replies().values()) {
            assertEquals(List.of((long) n * n), replies, "one reply per task, the square of its number");
            n++;
        }
        // every task claimed: the only unclaimed messages are the 30 replies
        TestRoom.of(f.sync(), "fan").assertHolds("messages.unclaimed == 30 && state._shared.tasks_done == 30");
    }

    @EveryStore
    void exactlyOneDecision(SyncFixture f) {
        Consensus.Result r = Consensus.run(connect(f), "vote", 9, 4);
        assertEquals(1, r.recorded());
        assertEquals(3, r.refused());
        assertEquals(6, r.yes());
        assertEquals(3, r.no());
        assertEquals("accept", r.decision());
        assertTrue(r.decidedBy().startsWith("decider-"));
        TestRoom.of(f.sync(), "vote").assertState("decision", "accept").assertHolds("state._view.quorum");
    }

    @EveryStore
    void thePipelinesOutputIsTheProcessedInput(SyncFixture f) {
        List<String> in = List.of("  alpha ", "beta", " gamma", "delta  ");
        Pipeline.Result r = Pipeline.run(connect(f), "pipe", in);
        assertEquals(in.stream().map(Pipeline::expected).toList(), r.output());
        assertEquals(List.of("ALPHA!", "BETA!", "GAMMA!", "DELTA!"), r.output());
        TestRoom.of(f.sync(), "pipe").assertState("done", true);
    }

    /**
     * The watchdog's staleness is a wait timeout: instead of letting real time pass, the test waits until the
     * watchdog is parked on the heartbeat and then moves the clock past the staleness bound.
     */
    @EveryStore
    void theWatchdogReassignsAStalledWorkersTaskAndTheMaterializerKeepsUp(SyncFixture f) {
        Duration stale = Duration.ofSeconds(10);
        SyncClient.Connection conn = connect(f);
        CompletableFuture<Watchdog.Result> run = CompletableFuture.supplyAsync(() -> Watchdog.run(conn, "watch", 40, stale));
        TestRoom room = TestRoom.of(f.sync(), "watch");
        room.awaitParked("watchdog", condition -> condition.contains("last_heartbeat"), TestRoom.DEFAULT_BOUND);
        room.assertStatus("w", dev.agentsync.core.AgentStatus.WAITING);
        f.clock().advance(stale);
        Watchdog.Result r = room.awaitDone(run, Duration.ofSeconds(120));
        assertEquals(r.expectedSum(), r.derivedSum());
        assertEquals(820, r.derivedSum());
        assertEquals("backup", r.assignee());
        assertEquals("w", r.reassignedFrom());
        assertEquals("backup", r.resultBy());
        assertTrue(r.stalledSawLoss(), "the stalled worker woke and saw the task was no longer its own");
    }
}
