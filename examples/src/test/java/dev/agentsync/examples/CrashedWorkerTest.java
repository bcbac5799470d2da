package dev.agentsync.examples;

// --- README begins
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.Joined;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.test.EveryStore;
import dev.agentsync.test.ManualClock;
import dev.agentsync.test.SyncTest;
import dev.agentsync.test.TestRoom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

@SyncTest
class CrashedWorkerTest {
    /** The application's coordinator: posts the tasks, then waits for all of them, at most {@code patience}. */
    static WaitResult fanOut(Sync sync, String room, Joined me, int tasks, Duration patience) {
        sync.write(room, Write.of("done", 0), me.caller());
        for (int n = 1; n <= tasks; n++) {
            sync.post(room, NewMessage.of("coordinator", "task", "task " + n), me.caller());
        }
        WaitRequest allDone = WaitRequest.until("state._shared.done == " + tasks).as("coordinator").timeout(patience);
        return sync.await(room, allDone, me.caller()).join();
    }

    @EveryStore // once per store: memory, H2, PostgreSQL (each skipped, saying why, when it cannot run)
    void theCoordinatorGivesUpOnACrashedWorkerAtItsDeadline(Sync sync, ManualClock clock, TestRoom room) {
        Joined coordinator = room.join("coordinator");
        Joined worker = room.join("worker-1");
        room.join("worker-2");                                   // crashes before it claims anything
        CompletableFuture<WaitResult> run = CompletableFuture.supplyAsync(
                () -> fanOut(sync, room.id(), coordinator, 2, Duration.ofSeconds(20)));

        room.awaitParked("coordinator");                         // no sleep: its wait is registered, its timeout armed
        sync.claim(room.id(), 1, "worker-1", worker.caller());   // worker-1 does task 1
        sync.write(room.id(), Write.increment("done", 1), worker.caller());

        clock.advance(Duration.ofSeconds(19));
        assertFalse(run.isDone(), "still within the coordinator's patience");
        clock.advance(Duration.ofSeconds(1));                    // the timeout fires here, on this thread

        assertTrue(room.awaitDone(run).timedOut());              // bounded: a hang fails, printing the room
        room.assertState("done", 1)                              // on failure: the whole room, printed
            .assertHolds("messages.unclaimed == 1");             // task 2 waits for a healthy worker
    }
}
// --- README ends
