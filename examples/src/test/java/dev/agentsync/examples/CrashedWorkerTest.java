package dev.agentsync.examples;

// --- README begins
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentsync.core.ClaimFence;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.Joined;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.StaleFenceException;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.Write;
import dev.agentsync.test.EveryStore;
import dev.agentsync.test.ManualClock;
import dev.agentsync.test.SyncTest;
import dev.agentsync.test.TestRoom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

@SyncTest
class CrashedWorkerTest {
    /** The application's worker: sleeps (without a thread) until a task is claimable, then does it, fenced. */
    static String work(Sync sync, String room, Joined me) {
        String id = me.agent().id();
        sync.await(room, WaitRequest.until("messages.by_kind.task.unclaimed > 0").as(id), me.caller()).join();
        long task = sync.messages(room, MessageQuery.unclaimed("task")).get(0).id();
        ClaimResult mine = sync.claim(room, task, id, Duration.ofSeconds(30), me.caller());
        sync.write(room, Write.of("summary", "by " + id).ifClaim(mine.claimFence()), me.caller());
        sync.complete(room, task, id, mine.fence(), me.caller());
        return id;
    }

    @EveryStore // once per store: memory, H2, PostgreSQL (each skipped, saying why, when it cannot run)
    void aCrashedWorkersTaskGoesToAnotherWorkerWhenItsLeaseRunsOut(Sync sync, ManualClock clock, TestRoom room) {
        Joined crashed = room.join("worker-1");
        Joined healthy = room.join("worker-2");
        long task = sync.post(room.id(), NewMessage.of(null, "task", "summarize the thread")).id();
        sync.claim(room.id(), task, "worker-1", Duration.ofSeconds(10), crashed.caller()); // ...and worker-1 dies

        CompletableFuture<String> worker2 = CompletableFuture.supplyAsync(() -> work(sync, room.id(), healthy));
        room.awaitParked("worker-2");                     // no sleep: its wait is registered, its timeout armed
        clock.advance(Duration.ofSeconds(10));            // worker-1's lease runs out here, on this thread

        assertEquals("worker-2", room.awaitDone(worker2)); // bounded: a hang fails, printing the room
        room.assertState("summary", "by worker-2")        // on failure: the whole room, printed
            .assertHolds("messages.by_kind.task.completed == 1");
        assertThrows(StaleFenceException.class, () ->     // worker-1 comes back too late: its fence is stale
            sync.write(room.id(), Write.of("summary", "by worker-1").ifClaim(new ClaimFence(task, 1)), crashed.caller()));
    }
}
// --- README ends
