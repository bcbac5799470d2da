package dev.agentsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.mcp.SyncMcp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MCP over Streamable HTTP at {@code /mcp}, on the same server and port as the HTTP API, with the SDK's client. */
class McpHttpTest extends McpContract {
    static SyncServer server;

    @BeforeAll
    static void start() {
        server = SyncServer.start(ServerConfig.defaults().withPort(0).withStore("memory"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static McpSyncClient session(String url, Consumer<McpSchema.ProgressNotification> progress, String bearer) {
        HttpClientStreamableHttpTransport.Builder t = HttpClientStreamableHttpTransport.builder(url).jsonMapper(SyncMcp.jsonMapper());
        if (bearer != null) {
            t.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + bearer));
        }
        McpSyncClient c = McpClient.sync(t.build()).requestTimeout(Duration.ofSeconds(60)).progressConsumer(progress).build();
        c.initialize();
        return c;
    }

    @Override
    McpSyncClient session() {
        return session(server.url(), p -> { }, null);
    }

    @Test
    void twoAgentsRaceForClaimsAndExactlyOneWinsEach() throws Exception {
        String room = room();
        try (McpSyncClient a = session(); McpSyncClient b = session()) {
            ok(call(a, "create_room", "room", room));
            ok(call(a, "join", "room", room, "agent", "a"));
            ok(call(b, "join", "room", room, "agent", "b"));
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(((Number) ok(call(a, "post_message", "room", room, "kind", "task", "body", i)).get("id")).longValue());
            }
            for (long id : ids) {
                CompletableFuture<CallToolResult> ca = CompletableFuture.supplyAsync(() -> call(a, "claim", "room", room, "message_id", id));
                CompletableFuture<CallToolResult> cb = CompletableFuture.supplyAsync(() -> call(b, "claim", "room", room, "message_id", id));
                CallToolResult ra = ca.get(60, TimeUnit.SECONDS);
                CallToolResult rb = cb.get(60, TimeUnit.SECONDS);
                assertTrue(Boolean.TRUE.equals(ra.isError()) ^ Boolean.TRUE.equals(rb.isError()), "exactly one winner for " + id);
                String lost = Boolean.TRUE.equals(ra.isError()) ? text(ra) : text(rb);
                assertTrue(lost.startsWith("already_claimed: "), lost);
            }
        }
    }

    @Test
    void aWaitInOneSessionWakesOnAWriteInAnotherAndReportsProgressWhileParked() throws Exception {
        String room = room();
        CountDownLatch progressed = new CountDownLatch(1);
        List<McpSchema.ProgressNotification> seen = new CopyOnWriteArrayList<>();
        try (McpSyncClient waiter = session(server.url(), p -> {
            seen.add(p);
            progressed.countDown();
        }, null); McpSyncClient writer = session()) {
            ok(call(writer, "create_room", "room", room));
            ok(call(waiter, "join", "room", room, "agent", "waiter"));
            ok(call(writer, "join", "room", room, "agent", "writer"));
            CompletableFuture<CallToolResult> parked = CompletableFuture.supplyAsync(() -> waiter.callTool(
                    McpSchema.CallToolRequest.builder().name("wait").arguments(Map.of("room", room,
                            "condition", "has(state._shared.go) && state._shared.go == true")).progressToken("w1").build()));
            assertTrue(progressed.await(60, TimeUnit.SECONDS), "a progress notification while parked");
            assertEquals("w1", seen.get(0).progressToken());
            assertFalse(parked.isDone());
            Map<String, Object> agents = ok(call(writer, "list_agents", "room", room));
            assertTrue(agents.toString().contains("waiting"), "the waiting session's agent shows as waiting: " + agents);
            ok(call(writer, "write", "room", room, "key", "go", "value", true));
            Map<String, Object> r = ok(parked.get(60, TimeUnit.SECONDS));
            assertEquals(true, r.get("triggered"));
        }
    }

    @Test
    void aBearerHeaderActsAsItsAgentWithoutJoiningInTheSession() throws Exception {
        String room = room();
        String token;
        try (McpSyncClient a = session()) {
            ok(call(a, "create_room", "room", room));
            token = (String) ok(call(a, "join", "room", room, "agent", "carol")).get("token");
        }
        try (McpSyncClient withHeader = session(server.url(), p -> { }, token)) {
            Map<String, Object> hb = ok(call(withHeader, "heartbeat", "room", room, "agent", "carol"));
            assertEquals("carol", hb.get("agent"));
        }
        try (McpSyncClient other = session(); McpSyncClient withHeader = session(server.url(), p -> { }, token)) {
            ok(call(other, "join", "room", room, "agent", "dave"));
            String refused = error(call(withHeader, "heartbeat", "room", room, "agent", "dave"));
            assertTrue(refused.startsWith("identity_mismatch: "), refused);
        }
    }

    @Test
    void aSubscribedRoomResourceIsUpdatedWhenAnotherSessionWrites() throws Exception {
        String room = room();
        List<String> updates = new CopyOnWriteArrayList<>();
        CountDownLatch updated = new CountDownLatch(1);
        HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder(server.url()).jsonMapper(SyncMcp.jsonMapper()).build();
        try (McpSyncClient watcher = McpClient.sync(t).requestTimeout(Duration.ofSeconds(60)).resourcesUpdateConsumer(contents -> {
            for (McpSchema.ResourceContents c : contents) {
                String text = ((McpSchema.TextResourceContents) c).text();
                updates.add(text);
                if (text.contains("\"phase\"")) {
                    updated.countDown();
                }
            }
        }).build(); McpSyncClient writer = session()) {
            watcher.initialize();
            ok(call(writer, "create_room", "room", room));
            String uri = "sync://rooms/" + room + "/state";
            assertTrue(watcher.listResourceTemplates().resourceTemplates().stream()
                    .anyMatch(rt -> rt.uriTemplate().equals("sync://rooms/{room}/state")));
            String before = ((McpSchema.TextResourceContents) watcher.readResource(new McpSchema.ReadResourceRequest(uri))
                    .contents().get(0)).text();
            assertFalse(before.contains("phase"), before);
            watcher.subscribeResource(new McpSchema.SubscribeRequest(uri));
            ok(call(writer, "write", "room", room, "key", "phase", "value", "build"));
            assertTrue(updated.await(60, TimeUnit.SECONDS), "notifications/resources/updated after the write: " + updates);
        }
    }

    @Test
    void aForeignOriginIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        HttpResponse<String> evil = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString(init)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, evil.statusCode());
        HttpResponse<String> local = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Origin", server.url()).POST(HttpRequest.BodyPublishers.ofString(init)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, local.statusCode(), local.body());
        // the HTTP API still answers on the same port
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(server.url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
