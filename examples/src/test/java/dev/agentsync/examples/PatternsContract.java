package dev.agentsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each pattern runs to completion and its outcome holds; subclasses choose in-process or HTTP. */
abstract class PatternsContract {
    /** How the agents reach the rooms. */
    abstract SyncClient.Connection connection();

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
    void theWatchdogReassignsAStalledWorkersTaskAndTheMaterializerKeepsUp() {
        Watchdog.Result r = Watchdog.run(connection(), "watch", 40, Duration.ofMillis(300));
        assertEquals(r.expectedSum(), r.derivedSum());
        assertEquals(820, r.derivedSum());
        assertEquals("backup", r.assignee());
        assertEquals("w", r.reassignedFrom());
        assertEquals("backup", r.resultBy());
        assertTrue(r.stalledSawLoss(), "the stalled worker woke and saw the task was no longer its own");
    }
}
