package dev.agentsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.test.EveryStore;
import dev.agentsync.test.SyncFixture;
import dev.agentsync.test.SyncTest;
import dev.agentsync.test.TestRoom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Each pattern runs to completion and its outcome holds, on every store, with time driven by hand; subclasses
 * choose how the agents reach the fixture's {@code Sync}: in-process or through a server over HTTP.
 */
@SyncTest
abstract class PatternsContract {
    /** How the agents reach {@code f}'s Sync. */
    abstract SyncClient.Connection connect(SyncFixture f);

    /**
     * Runs a pattern (which creates {@code room}) on its own thread; once {@code when} (CEL) holds in the room, moves the
     * fixture's clock by {@code d} for the room's leases and presence. In-process and over HTTP alike, the agents reach
     * the fixture's Sync, so its manual clock is the only time there is.
     */
    <T> T runWhileTimePasses(SyncFixture f, String room, String when, Duration d, Function<SyncClient.Connection, T> pattern)
            throws Exception {
        SyncClient.Connection real = connect(f);
        CompletableFuture<Void> created = new CompletableFuture<>();
        SyncClient.Connection noticing = new SyncClient.Connection() {
            @Override
            public void createRoom(String id, RoomSettings settings) {
                real.createRoom(id, settings);
                created.complete(null);
            }

            @Override
            public SyncClient join(String id, String agentId, String role) {
                return real.join(id, agentId, role);
            }
        };
        CompletableFuture<T> run = CompletableFuture.supplyAsync(() -> pattern.apply(noticing));
        CompletableFuture.anyOf(created, run).get(60, TimeUnit.SECONDS);
        if (created.isDone()) {
            // the wait's own timeout runs on the manual clock, so only the real-time bound of get() can end it early
            assertTrue(f.sync().await(room, WaitRequest.until(when)).get(60, TimeUnit.SECONDS).triggered(), when);
            f.clock().advance(d);
        }
        return TestRoom.of(f.sync(), room).awaitDone(run, Duration.ofSeconds(120));
    }

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
    void aCrashedWorkersTaskIsRedeliveredToAnotherWorkerAndTheRunStillFinishes(SyncFixture f) throws Exception {
        // the crasher's 300 ms lease runs out when the clock moves, once every other task is done
        FanOutFanIn.Result r = runWhileTimePasses(f, "crash", "messages.by_kind.task.completed == 11 && messages.by_kind.task.claimed == 1",
                Duration.ofSeconds(1), conn -> FanOutFanIn.run(conn, "crash", 12, 3, Duration.ofMillis(300)));
        assertEquals(12, r.tasksDone());
        assertNotNull(r.crashedTask(), "the crasher took a task");
        assertEquals(2, r.deliveries().get(r.crashedTask()), "the crashed task was granted again after its lease ran out");
        for (Map.Entry<Long, String> e : r.claimedBy().entrySet()) {
            assertTrue(e.getValue().startsWith("worker-") && !e.getValue().equals(FanOutFanIn.CRASHER),
                    "task " + e.getKey() + " completed by a live worker, not " + e.getValue());
            if (!e.getKey().equals(r.crashedTask())) {
                assertEquals(1, r.deliveries().get(e.getKey()), "task " + e.getKey() + " was granted once");
            }
        }
        int n = 1;
        for (List<Long> replies : r.replies().values()) {
            assertEquals(List.of((long) n * n), replies, "one reply per task, crashed one included");
            n++;
        }
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

    @EveryStore
    void theWatchdogReassignsAStalledWorkersTaskAndTheMaterializerKeepsUp(SyncFixture f) throws Exception {
        // presence_ttl_ms is 300 ms; once w has stalled the clock moves past it, by less than two TTLs: agents act
        // while the advance runs its timers (stamped at the deadline's time, t+300), so a longer jump would leave
        // the backup, which claims mid-advance, silent for longer than a TTL too, and take its claim away
        Watchdog.Result r = runWhileTimePasses(f, "watch", "has(state._shared.assignee) && state._shared.assignee == \"w\"",
                Duration.ofMillis(400), conn -> Watchdog.run(conn, "watch", 40, Duration.ofMillis(300)));
        assertEquals(r.expectedSum(), r.derivedSum());
        assertEquals(820, r.derivedSum());
        assertEquals("backup", r.assignee());
        assertEquals("w", r.reassignedFrom());
        assertEquals("backup", r.resultBy());
        assertTrue(r.stalledSawLoss(), "the stalled worker woke and saw the task was no longer its own");
        assertTrue(r.sawOffline(), "the watchdog acted on w going offline (agents.w.online == false)");
        assertEquals("backup", r.completedBy());
        assertEquals(2, r.taskFence(), "w's claim was released when it went offline; the backup got the next grant");
    }
}
