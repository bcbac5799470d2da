package dev.agentsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.RoomSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each pattern runs to completion and its outcome holds; subclasses choose in-process or HTTP. */
abstract class PatternsContract {
    /** How the agents reach the rooms. */
    abstract SyncClient.Connection connection();

    /**
     * Once {@code when} (CEL) holds in {@code room}, lets {@code d} pass for the room's leases and presence.
     * In-process the test moves a manual clock; over HTTP real time passes by itself, so there is nothing to do.
     */
    void letTimePass(String room, String when, Duration d) throws Exception {
    }

    /** Runs a pattern (which creates {@code room}) on its own thread, letting time pass as {@link #letTimePass} says. */
    <T> T runWhileTimePasses(String room, String when, Duration d, Function<SyncClient.Connection, T> pattern) throws Exception {
        SyncClient.Connection real = connection();
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
            letTimePass(room, when, d);
        }
        return run.get(120, TimeUnit.SECONDS);
    }

    @Test
    void turnsStrictlyAlternate() {
        TurnBasedGame.Result r = TurnBasedGame.play(connection(), "game", 12);
        assertEquals(12, r.movers().size());
        for (int t = 0; t < 12; t++) {
            assertEquals(t % 2 == 0 ? "alice" : "bob", r.movers().get(t), "turn " + t + " of " + r.movers());
        }
    }

    @Test
    void everyTaskDoneExactlyOnceWithItsReply() {
        FanOutFanIn.Result r = FanOutFanIn.run(connection(), "fan", 30, 5);
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
    }

    @Test
    void aCrashedWorkersTaskIsRedeliveredToAnotherWorkerAndTheRunStillFinishes() throws Exception {
        // in-process, the crasher's 300 ms lease runs out when the clock moves, once every other task is done
        FanOutFanIn.Result r = runWhileTimePasses("crash", "messages.by_kind.task.completed == 11 && messages.by_kind.task.claimed == 1",
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

    @Test
    void exactlyOneDecision() {
        Consensus.Result r = Consensus.run(connection(), "vote", 9, 4);
        assertEquals(1, r.recorded());
        assertEquals(3, r.refused());
        assertEquals(6, r.yes());
        assertEquals(3, r.no());
        assertEquals("accept", r.decision());
        assertTrue(r.decidedBy().startsWith("decider-"));
    }

    @Test
    void thePipelinesOutputIsTheProcessedInput() {
        List<String> in = List.of("  alpha ", "beta", " gamma", "delta  ");
        Pipeline.Result r = Pipeline.run(connection(), "pipe", in);
        assertEquals(in.stream().map(Pipeline::expected).toList(), r.output());
        assertEquals(List.of("ALPHA!", "BETA!", "GAMMA!", "DELTA!"), r.output());
    }

    @Test
    void theWatchdogReassignsAStalledWorkersTaskAndTheMaterializerKeepsUp() throws Exception {
        // presence_ttl_ms is 300 ms; in-process the clock moves past it once w has stalled
        Watchdog.Result r = runWhileTimePasses("watch", "has(state._shared.assignee) && state._shared.assignee == \"w\"",
                Duration.ofMillis(1300), conn -> Watchdog.run(conn, "watch", 40, Duration.ofMillis(300)));
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
