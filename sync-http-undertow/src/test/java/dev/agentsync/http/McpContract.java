package dev.agentsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What an MCP client sees, whatever the transport: the tool catalogue, one agent's round trip through the tools,
 * contract errors as {@code isError} results that start with the code, protocol misuse as JSON-RPC errors, and
 * the prompts. Run with the SDK's own client over Streamable HTTP and over stdio.
 */
abstract class McpContract {
    /** A new, initialized MCP session. */
    abstract McpSyncClient session() throws Exception;

    static final Set<String> TOOLS = Set.of("create_room", "join", "leave", "heartbeat", "list_agents", "read_state", "write",
            "batch", "delete", "post_message", "list_messages", "claim", "release", "complete", "wait", "eval");

    static CallToolResult call(McpSyncClient c, String tool, Object... kv) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return c.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> ok(CallToolResult r) {
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> "tool failed: " + text(r));
        assertNotNull(r.structuredContent());
        return (Map<String, Object>) r.structuredContent();
    }

    static String text(CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    static String error(CallToolResult r) {
        assertTrue(Boolean.TRUE.equals(r.isError()), () -> "expected an error, got " + text(r));
        return text(r);
    }

    static String room() {
        return "mcp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyOperationIsAToolWithSchemasAndADescriptionForAModel() throws Exception {
        try (McpSyncClient c = session()) {
            List<McpSchema.Tool> tools = c.listTools().tools();
            assertEquals(TOOLS, tools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet()));
            for (McpSchema.Tool t : tools) {
                assertTrue(t.description().contains("Example"), t.name() + " has an example for a model");
                assertEquals("object", t.inputSchema().get("type"), t.name());
                assertNotNull(t.outputSchema(), t.name());
            }
        }
    }

    @Test
    void anAgentJoinsWritesReadsBackAndTheSessionRemembersWhoItIs() throws Exception {
        String room = room();
        try (McpSyncClient c = session()) {
            assertEquals(room, ok(call(c, "create_room", "room", room)).get("id"));
            Map<String, Object> me = ok(call(c, "join", "room", room, "agent", "alice", "role", "planner"));
            assertEquals("alice", me.get("id"));
            assertTrue(me.get("token").toString().length() > 10, "join returns the token, as over HTTP");
            Map<String, Object> w = ok(call(c, "write", "room", room, "key", "phase", "value", "plan"));
            assertEquals(1, ((Number) w.get("version")).intValue());
            Map<String, Object> read = ok(call(c, "read_state", "room", room, "scope", "_shared", "key", "phase"));
            assertEquals("plan", read.get("value"));
            // no agent argument: the session acts as the agent it joined as
            Map<String, Object> hb = ok(call(c, "heartbeat", "room", room, "status", "busy"));
            assertEquals("alice", hb.get("agent"));
            Map<String, Object> posted = ok(call(c, "post_message", "room", room, "kind", "task", "body", Map.of("n", 1)));
            assertEquals("alice", posted.get("from"));
            long id = ((Number) posted.get("id")).longValue();
            Map<String, Object> claim = ok(call(c, "claim", "room", room, "message_id", id, "lease_ms", 60_000));
            assertEquals(1, ((Number) claim.get("fence")).intValue());
            ok(call(c, "complete", "room", room, "message_id", id, "fence", 1));
            List<?> msgs = (List<?>) ok(call(c, "list_messages", "room", room, "kind", "task")).get("messages");
            assertEquals(1, msgs.size());
            Map<String, Object> waited = ok(call(c, "wait", "room", room, "condition", "messages.by_kind.task.completed == 1"));
            assertEquals(true, waited.get("triggered"));
            assertEquals(2L, ((Number) ok(call(c, "eval", "room", room, "expr", "1 + 1")).get("value")).longValue());
            ok(call(c, "leave", "room", room));
            assertEquals(0, ((List<?>) ok(call(c, "list_agents", "room", room)).get("agents")).size());
        }
    }

    @Test
    void contractErrorsAreToolResultsThatStartWithTheirCode() throws Exception {
        String room = room();
        try (McpSyncClient c = session()) {
            ok(call(c, "create_room", "room", room));
            ok(call(c, "join", "room", room, "agent", "bob"));
            ok(call(c, "write", "room", room, "key", "k", "value", 1));
            String conflict = error(call(c, "write", "room", room, "key", "k", "value", 2, "if_version", 0));
            assertTrue(conflict.startsWith("version_conflict: "), conflict);
            assertTrue(error(call(c, "read_state", "room", "nope-" + room)).startsWith("room_not_found: "));
            assertTrue(error(call(c, "eval", "room", room, "expr", "1 +")).startsWith("invalid_cel: "));
        }
    }

    @Test
    void protocolMisuseIsAJsonRpcError() throws Exception {
        try (McpSyncClient c = session()) {
            assertThrows(McpError.class, () -> call(c, "no_such_tool"));
            assertThrows(McpError.class, () -> call(c, "write", "room", "r", "key", 5, "value", 1), "key must be a string");
            assertThrows(McpError.class, () -> call(c, "write", "room", "r", "value", 1), "key is required");
            assertThrows(McpError.class, () -> call(c, "eval", "room", "r", "expr", "1", "bogus", true), "unknown argument");
        }
    }

    @Test
    void everyPatternHasAPrompt() throws Exception {
        try (McpSyncClient c = session()) {
            assertEquals(Set.of("turn_taking", "fan_out_fan_in", "consensus", "pipeline", "watchdog"),
                    c.listPrompts().prompts().stream().map(McpSchema.Prompt::name).collect(Collectors.toSet()));
            McpSchema.GetPromptResult p = c.getPrompt(new McpSchema.GetPromptRequest("fan_out_fan_in", Map.of("room", "jobs")));
            String text = ((McpSchema.TextContent) p.messages().get(0).content()).text();
            assertTrue(text.contains("jobs") && text.contains("claim"), text);
        }
    }
}
