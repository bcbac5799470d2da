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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Java API in ten lines", verbatim, so the README cannot drift from the API; and its "Testing your
 * agents" section, which must be {@link CrashedWorkerTest} word for word (that test runs with the others).
 */
class ReadmeExampleTest {
    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from + begin.length());
        assertTrue(from >= 0 && to > from, "markers '" + begin + "' and '" + end + "'");
        return text.substring(from + begin.length(), to).strip();
    }

    @Test
    void theReadmesTestingSectionIsCrashedWorkerTestVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/agentsync/examples/CrashedWorkerTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String shown = between(readme.substring(readme.indexOf("## Testing your agents")), "```java", "```");
        assertEquals(between(source, "// --- README begins", "// --- README ends"), shown,
                "README.md's 'Testing your agents' example must be CrashedWorkerTest.java between its README markers");
    }

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
