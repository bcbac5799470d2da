package dev.agentsync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.Joined;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.store.memory.MemoryStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Java API in ten lines", verbatim, so the README cannot drift from the API. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleCompilesAndRuns() {
        WaitResult r;
        // --- README begins
        try (Sync sync = Sync.builder().store(new MemoryStore()).build()) {
            sync.createRoom("demo");
            Joined alice = sync.join("demo", JoinRequest.of("alice", "Alice", "coordinator"));
            sync.batch("demo", List.of(Write.of("phase", "planning"), Write.of("turn", 0)));
            sync.write("demo", Write.of("move", "e2e4").ifVersion(0).when("state._shared.turn == 0"), alice.caller());
            sync.write("demo", Write.increment("turn", 1), alice.caller());
            long task = sync.post("demo", NewMessage.of("alice", "task", "analyze X")).id();
            sync.claim("demo", task, "alice", alice.caller());                  // exactly one claimer wins
            r = sync.await("demo", WaitRequest.until("state._shared.turn >= 1").include("state")).join();
        }
        // --- README ends
        assertTrue(r.triggered());
        assertEquals(1, r.included().state().get("_shared").get("turn").intValue());
        assertEquals("e2e4", r.included().state().get("_shared").get("move").asText());
    }
}
