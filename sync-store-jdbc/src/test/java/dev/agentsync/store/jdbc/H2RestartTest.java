package dev.agentsync.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.Joined;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.Sync;
import dev.agentsync.core.Write;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rooms, agents (with valid tokens), state, views and messages survive a clean restart of the H2 file store. */
class H2RestartTest {
    @TempDir
    Path dir;

    @Test
    void everythingSurvivesARestart() {
        Path file = dir.resolve("data/agent-sync");
        String token;
        try (Sync sync = Sync.builder().store(JdbcStore.h2(file)).build()) {
            sync.createRoom("r");
            Joined a = sync.join("r", JoinRequest.of("alice", "Alice", "coordinator"));
            token = a.token();
            sync.write("r", Write.of("phase", "voting"), a.caller());
            sync.write("r", Write.increment("votes", 3), a.caller());
            sync.write("r", Write.view("quorum", "state._shared.votes >= 3"));
            Message m = sync.post("r", NewMessage.of("alice", "task", "count").to("bob"));
            sync.claim("r", m.id(), "alice", a.caller());
            sync.post("r", NewMessage.of("alice", "result", "3").replyTo(m.id()));
        }
        try (Sync sync = Sync.builder().store(JdbcStore.h2(file)).build()) {
            assertEquals(6, sync.room("r").orElseThrow().revision(), "six changes; the join is presence, not a revision");
            assertEquals("voting", sync.entry("r", Scopes.SHARED, "phase").orElseThrow().value().asText());
            assertEquals(3, sync.entry("r", Scopes.SHARED, "votes").orElseThrow().value().intValue());
            assertTrue(sync.entry("r", Scopes.VIEW, "quorum").orElseThrow().resolvedValue().asBoolean());
            List<Message> ms = sync.messages("r", MessageQuery.all());
            assertEquals(2, ms.size());
            assertEquals("alice", ms.get(0).claimedBy());
            assertEquals("bob", ms.get(0).to());
            assertEquals(1L, ms.get(1).replyTo());
            assertEquals("Alice", sync.agents("r").get(0).name());
            // the token from before the restart still proves identity
            sync.write("r", Write.of("k", 1).inScope("alice"), dev.agentsync.core.Caller.bearer(token));
            assertEquals(3, sync.post("r", NewMessage.of(null, "m", "next"), dev.agentsync.core.Caller.bearer(token)).id());
        }
    }
}
