package dev.agentsync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.ManualTime;
import dev.agentsync.core.Sync;
import dev.agentsync.core.spi.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire contract, route by route and error by error, with no server: requests in, responses out. Runs over a
 * store; {@code StoreContract} runs it for every store as its nested {@code Wire} group.
 */
public abstract class ProtocolContract {
    /** A fresh, empty store. */
    protected abstract Store newStore();

    private ManualTime time;
    private Sync sync;
    private SyncProtocol api;

    @BeforeEach
    void setUp() {
        time = new ManualTime();
        sync = Sync.builder().store(newStore()).clock(time).build();
        api = new SyncProtocol(sync);
        assertEquals(201, call("POST", "/rooms", "{\"id\":\"r\"}").status());
    }

    @AfterEach
    void tearDown() {
        sync.close();
    }

    private HttpResponse call(String method, String path, String body) {
        return call(method, path, body, null);
    }

    private HttpResponse call(String method, String path, String body, String token) {
        return send(method, path, body, token).join();
    }

    private CompletableFuture<HttpResponse> send(String method, String path, String body, String token) {
        String p = path;
        Map<String, List<String>> query = new HashMap<>();
        int q = path.indexOf('?');
        if (q >= 0) {
            p = path.substring(0, q);
            for (String kv : path.substring(q + 1).split("&")) {
                String[] parts = kv.split("=", 2);
                query.computeIfAbsent(parts[0], k -> new java.util.ArrayList<>())
                        .add(parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("authorization", "Bearer " + token);
        }
        return api.handle(new HttpRequest(method, p, query, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void error(HttpResponse r, int status, String code) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        assertEquals(code, r.body().get("error").asText());
        assertFalse(r.body().get("message").asText().isBlank());
        assertEquals("*", r.headers().get("Access-Control-Allow-Origin"));
    }

    private String join(String id) {
        HttpResponse r = call("POST", "/rooms/r/agents", "{\"id\":\"" + id + "\"}");
        assertEquals(201, r.status());
        return r.body().get("token").asText();
    }

    @Test
    void rooms() {
        HttpResponse created = call("POST", "/rooms", "{\"meta\":{\"purpose\":\"chess\"}}");
        assertEquals(201, created.status());
        assertEquals("chess", created.body().get("meta").get("purpose").asText(), "meta comes back as an object");
        assertTrue(created.body().get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        error(call("POST", "/rooms", "{\"id\":\"r\"}"), 409, "room_exists");
        error(call("POST", "/rooms", "{\"id\":\"bad id\"}"), 400, "invalid_id");
        error(call("POST", "/rooms", "{\"id\":5}"), 400, "invalid_request");
        error(call("POST", "/rooms", "{\"meta\":\"x\"}"), 400, "invalid_request");
        assertEquals("r", call("GET", "/rooms/r", null).body().get("id").asText());
        error(call("GET", "/rooms/nope", null), 404, "room_not_found");
        error(call("GET", "/rooms", null), 401, "authentication_required");
        String t = join("a");
        JsonNode mine = call("GET", "/rooms", null, t).body();
        assertEquals(1, mine.size());
        assertEquals("r", mine.get(0).get("id").asText());
    }

    @Test
    void everyRoomRouteAnswersRoomNotFound() {
        String[][] routes = {{"GET", "/rooms/x/agents"}, {"POST", "/rooms/x/agents"}, {"POST", "/rooms/x/agents/a/heartbeat"},
            {"GET", "/rooms/x/messages"}, {"POST", "/rooms/x/messages"}, {"POST", "/rooms/x/messages/1/claim"},
            {"GET", "/rooms/x/state"}, {"PUT", "/rooms/x/state"}, {"DELETE", "/rooms/x/state"}, {"PUT", "/rooms/x/state/batch"},
            {"GET", "/rooms/x/wait?condition=true"}, {"POST", "/rooms/x/eval"}};
        for (String[] r : routes) {
            error(call(r[0], r[1], "{}"), 404, "room_not_found");
        }
    }

    @Test
    void protocolErrors() {
        error(call("GET", "/nothing", null), 404, "not_found");
        error(call("GET", "/rooms/r/unknown", null), 404, "not_found");
        HttpResponse m = call("PATCH", "/rooms/r/state", null);
        error(m, 405, "method_not_allowed");
        assertEquals("GET, PUT, DELETE, OPTIONS", m.headers().get("Allow"));
        error(call("PUT", "/rooms/r/state", "{\"key\":"), 400, "invalid_json");
        error(call("PUT", "/rooms/r/state", "[1,2]"), 400, "invalid_request");
        error(call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1,\"if_version\":\"1\"}"), 400, "invalid_request");
        error(call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1,\"increment\":\"yes\"}"), 400, "invalid_request");
        error(call("PUT", "/rooms/r/state", "{\"value\":1}"), 400, "invalid_request");
        error(call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":\"" + "x".repeat(1 << 20) + "\"}"), 413, "payload_too_large");
        error(call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":\"" + "x".repeat(300 << 10) + "\"}"), 413, "payload_too_large");
        HttpResponse pre = call("OPTIONS", "/rooms/r/state", null);
        assertEquals(204, pre.status());
        assertTrue(pre.headers().get("Access-Control-Allow-Headers").contains("Authorization"));
        assertNull(pre.body());
        HttpResponse bad = api.handle(new HttpRequest("GET", "/rooms/r/state", Map.of(), Map.of("authorization", "Basic abc"), new byte[0])).join();
        error(bad, 401, "invalid_token");
    }

    @Test
    void agentsHeartbeatAndIdentity() {
        HttpResponse j = call("POST", "/rooms/r/agents", "{\"id\":\"agent-a\",\"name\":\"Alice\",\"role\":\"coordinator\",\"meta\":{\"m\":1}}");
        assertEquals(201, j.status());
        JsonNode a = j.body();
        assertEquals("Alice", a.get("name").asText());
        assertEquals("active", a.get("status").asText());
        assertTrue(a.get("waiting_on").isNull());
        assertTrue(a.get("token").asText().matches("as_[0-9a-f]{48}"));
        String t = a.get("token").asText();
        error(call("POST", "/rooms/r/agents", "{\"id\":\"agent-a\"}"), 409, "agent_exists");
        error(call("POST", "/rooms/r/agents", "{\"id\":\"agent-a\"}", "as_" + "0".repeat(48)), 401, "invalid_token");
        JsonNode list = call("GET", "/rooms/r/agents", null).body();
        assertEquals(1, list.size());
        assertNull(list.get(0).get("token"), "tokens are never listed");
        HttpResponse hb = call("POST", "/rooms/r/agents/agent-a/heartbeat", "{\"status\":\"busy\"}", t);
        assertEquals(200, hb.status());
        assertEquals("agent-a", hb.body().get("agent").asText());
        assertEquals("busy", hb.body().get("status").asText());
        assertEquals("active", call("POST", "/rooms/r/agents/agent-a/heartbeat", null, t).body().get("status").asText());
        error(call("POST", "/rooms/r/agents/agent-a/heartbeat", "{\"status\":\"waiting\"}", t), 400, "invalid_status");
        error(call("POST", "/rooms/r/agents/ghost/heartbeat", "{}"), 404, "agent_not_found");
        join("agent-b");
        HttpResponse mismatch = call("POST", "/rooms/r/agents/agent-b/heartbeat", "{}", t);
        error(mismatch, 403, "identity_mismatch");
        assertEquals("agent-a", mismatch.body().get("authenticated_as").asText());
        assertEquals("agent-b", mismatch.body().get("claimed").asText());
        error(call("PUT", "/rooms/r/state", "{\"scope\":\"agent-b\",\"key\":\"k\",\"value\":1}", t), 403, "identity_mismatch");
        error(call("POST", "/rooms/r/messages", "{\"from\":\"agent-b\",\"body\":1}", t), 403, "identity_mismatch");
        error(call("POST", "/rooms/r/messages/1/claim", "{\"agent\":\"agent-b\"}", t), 403, "identity_mismatch");
        error(call("GET", "/rooms/r/wait?condition=true&agent=agent-b", null, t), 403, "identity_mismatch");
    }

    @Test
    void stateRoutes() {
        HttpResponse w = call("PUT", "/rooms/r/state", "{\"key\":\"phase\",\"value\":\"planning\"}");
        assertEquals(200, w.status());
        JsonNode e = w.body();
        assertEquals("_shared", e.get("scope").asText());
        assertEquals("planning", e.get("value").asText());
        assertEquals(1, e.get("version").asInt());
        assertEquals(1, e.get("revision").asInt());
        assertTrue(e.has("updated_at"));
        HttpResponse conflict = call("PUT", "/rooms/r/state", "{\"key\":\"phase\",\"value\":\"x\",\"if_version\":0}");
        error(conflict, 409, "version_conflict");
        assertEquals(0, conflict.body().get("expected_version").asInt());
        assertEquals("planning", conflict.body().get("current").get("value").asText());
        HttpResponse missing = call("PUT", "/rooms/r/state", "{\"key\":\"ghost\",\"value\":\"x\",\"if_version\":2}");
        assertTrue(missing.body().get("current").isNull());
        HttpResponse gate = call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1,\"if\":\"state._shared.phase == 'done'\"}");
        error(gate, 409, "precondition_failed");
        assertFalse(gate.body().get("evaluated").asBoolean());
        assertEquals("state._shared.phase == 'done'", gate.body().get("expression").asText());
        HttpResponse gateErr = call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1,\"if\":\"state._shared.nope == 1\"}");
        assertTrue(gateErr.body().get("evaluated").isNull());
        assertTrue(gateErr.body().get("detail").asText().contains("nope"));
        HttpResponse cel = call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1,\"if\":\"1 +\"}");
        error(cel, 400, "invalid_cel");
        assertEquals(1, cel.body().get("line").asInt());
        assertTrue(cel.body().get("column").asInt() >= 1);
        call("PUT", "/rooms/r/state", "{\"key\":\"s\",\"value\":\"text\"}");
        HttpResponse nan = call("PUT", "/rooms/r/state", "{\"key\":\"s\",\"value\":1,\"increment\":true}");
        error(nan, 409, "not_a_number");
        assertEquals("text", nan.body().get("current").get("value").asText());
        assertEquals(2.5, call("PUT", "/rooms/r/state", "{\"key\":\"n\",\"value\":2.5,\"increment\":true}").body().get("value").asDouble());
        error(call("PUT", "/rooms/r/state", "{\"key\":\"n\",\"value\":\"1\",\"increment\":true}"), 400, "invalid_request");

        HttpResponse view = call("PUT", "/rooms/r/state", "{\"scope\":\"_view\",\"key\":\"planning\",\"expr\":\"state._shared.phase == 'planning'\"}");
        assertEquals(200, view.status());
        assertTrue(view.body().get("resolved_value").asBoolean());
        assertEquals("state._shared.phase == 'planning'", view.body().get("expr").asText());

        JsonNode all = call("GET", "/rooms/r/state", null).body();
        assertEquals(4, all.size());
        JsonNode v = call("GET", "/rooms/r/state?scope=_view&key=planning&resolve=true", null).body();
        assertTrue(v.get("resolved_value").asBoolean());
        assertFalse(call("GET", "/rooms/r/state?scope=_view&key=planning", null).body().has("resolved_value"));
        assertEquals(3, call("GET", "/rooms/r/state?scope=_shared", null).body().size());
        assertEquals(1, call("GET", "/rooms/r/state?key=phase", null).body().size());
        error(call("GET", "/rooms/r/state?scope=_shared&key=nope", null), 404, "key_not_found");

        HttpResponse del = call("DELETE", "/rooms/r/state", "{\"key\":\"s\",\"if_version\":1}");
        assertTrue(del.body().get("deleted").asBoolean());
        assertFalse(call("DELETE", "/rooms/r/state?key=s", null).body().get("deleted").asBoolean());
        error(call("DELETE", "/rooms/r/state", "{}"), 400, "invalid_request");
    }

    @Test
    void batchRoute() {
        HttpResponse ok = call("PUT", "/rooms/r/state/batch",
                "{\"writes\":[{\"key\":\"phase\",\"value\":\"planning\"},{\"key\":\"turn\",\"value\":0},{\"key\":\"currentPlayer\",\"value\":\"agent-a\"}]}");
        assertEquals(200, ok.status());
        assertTrue(ok.body().get("ok").asBoolean());
        assertEquals(3, ok.body().get("count").asInt());
        assertEquals(3, ok.body().get("state").size());
        HttpResponse bad = call("PUT", "/rooms/r/state/batch",
                "{\"writes\":[{\"key\":\"currentPlayer\",\"value\":\"agent-b\"},{\"key\":\"turn\",\"value\":1,\"increment\":true,\"if_version\":5}]}");
        error(bad, 409, "version_conflict");
        assertEquals(1, bad.body().get("index").asInt());
        assertEquals("agent-a", call("GET", "/rooms/r/state?scope=_shared&key=currentPlayer", null).body().get("value").asText());
        error(call("PUT", "/rooms/r/state/batch", "{\"writes\":[{\"key\":\"a\",\"value\":1}],\"if\":\"false\"}"), 409, "precondition_failed");
        error(call("PUT", "/rooms/r/state/batch", "{}"), 400, "invalid_request");
        error(call("PUT", "/rooms/r/state/batch", "{\"writes\":[" + "{\"key\":\"a\",\"value\":1},".repeat(100) + "{\"key\":\"a\",\"value\":1}]}"),
                400, "invalid_request");
    }

    @Test
    void messagesAndClaims() {
        HttpResponse m = call("POST", "/rooms/r/messages", "{\"from\":\"coord\",\"kind\":\"task\",\"body\":{\"file\":\"a.txt\"}}");
        assertEquals(201, m.status());
        assertEquals(1, m.body().get("id").asInt());
        assertEquals("a.txt", m.body().get("body").get("file").asText(), "body comes back as the JSON written");
        assertTrue(m.body().get("claimed_by").isNull());
        error(call("POST", "/rooms/r/messages", "{\"from\":\"coord\"}"), 400, "invalid_request");
        error(call("POST", "/rooms/r/messages", "{\"body\":1,\"reply_to\":9}"), 400, "reply_to_not_found");
        call("POST", "/rooms/r/messages", "{\"from\":\"w1\",\"kind\":\"result\",\"reply_to\":1,\"body\":\"done\"}");
        HttpResponse c = call("POST", "/rooms/r/messages/1/claim", "{\"agent\":\"w1\"}");
        assertEquals(200, c.status());
        assertTrue(c.body().get("claimed").asBoolean());
        assertEquals("w1", c.body().get("claimed_by").asText());
        assertEquals(1, c.body().get("message_id").asInt());
        HttpResponse lost = call("POST", "/rooms/r/messages/1/claim", "{\"agent\":\"w2\"}");
        error(lost, 409, "already_claimed");
        assertFalse(lost.body().get("claimed").asBoolean());
        assertEquals("w1", lost.body().get("claimed_by").asText());
        assertTrue(lost.body().has("claimed_at"));
        error(call("POST", "/rooms/r/messages/99/claim", "{\"agent\":\"w2\"}"), 404, "message_not_found");
        error(call("POST", "/rooms/r/messages/x/claim", "{\"agent\":\"w2\"}"), 400, "invalid_request");
        error(call("POST", "/rooms/r/messages/1/claim", "{}"), 400, "invalid_request");
        assertEquals(2, call("GET", "/rooms/r/messages?thread=1", null).body().size());
        assertEquals(1, call("GET", "/rooms/r/messages?after=1", null).body().size());
        assertEquals(0, call("GET", "/rooms/r/messages?unclaimed=true&kind=task", null).body().size());
        assertEquals(1, call("GET", "/rooms/r/messages?from=w1&kind=result", null).body().size());
        assertEquals(1, call("GET", "/rooms/r/messages?limit=1", null).body().size());
        error(call("GET", "/rooms/r/messages?after=abc", null), 400, "invalid_request");
        error(call("GET", "/rooms/r/messages?limit=0", null), 400, "invalid_request");
    }

    @Test
    void evalRoute() {
        call("PUT", "/rooms/r/state", "{\"key\":\"n\",\"value\":21}");
        join("a");
        HttpResponse r = call("POST", "/rooms/r/eval", "{\"expr\":\"state._shared.n * 2\"}");
        assertEquals(200, r.status());
        assertEquals(42, r.body().get("value").asInt());
        assertEquals("state._shared.n * 2", r.body().get("expression").asText());
        JsonNode keys = r.body().get("context_keys");
        assertEquals("_shared", keys.get("state_scopes").get(0).asText());
        assertEquals("a", keys.get("agents").get(0).asText());
        assertEquals(0, keys.get("messages").get("count").asInt());
        HttpResponse err = call("POST", "/rooms/r/eval", "{\"expr\":\"state._shared.nope\"}");
        error(err, 400, "cel_error");
        assertTrue(err.body().get("detail").asText().contains("nope"));
        error(call("POST", "/rooms/r/eval", "{\"expr\":\"((\"}"), 400, "invalid_cel");
        error(call("POST", "/rooms/r/eval", "{}"), 400, "invalid_request");
    }

    @Test
    void waitParksUntilAWriteAndCancellingEndsIt() {
        String t = join("a");
        CompletableFuture<HttpResponse> f = send("GET", "/rooms/r/wait?condition=" + enc("state._shared.turn == 1")
                + "&agent=a&include=state,agents&timeout=10000", null, t);
        assertFalse(f.isDone());
        assertEquals("waiting", call("GET", "/rooms/r/agents", null).body().get(0).get("status").asText());
        call("PUT", "/rooms/r/state", "{\"key\":\"turn\",\"value\":1}");
        JsonNode w = f.join().body();
        assertTrue(w.get("triggered").asBoolean());
        assertTrue(w.get("value").asBoolean());
        assertEquals(1, w.get("state").get("_shared").get("turn").asInt());
        assertEquals("waiting", w.get("agents").get("a").get("status").asText());
        assertTrue(w.has("revision"));
        assertEquals("active", call("GET", "/rooms/r/agents", null).body().get(0).get("status").asText());

        CompletableFuture<HttpResponse> timed = send("GET", "/rooms/r/wait?condition=" + enc("state._shared.turn == 2") + "&timeout=500", null, null);
        time.advance(Duration.ofMillis(500));
        JsonNode to = timed.join().body();
        assertFalse(to.get("triggered").asBoolean());
        assertTrue(to.get("timeout").asBoolean());
        assertEquals(500, to.get("elapsed_ms").asInt());

        CompletableFuture<HttpResponse> gone = send("GET", "/rooms/r/wait?condition=false&agent=a", null, t);
        assertEquals(1, sync.waiting("r"));
        gone.cancel(true);
        assertEquals(0, sync.waiting("r"));
        assertEquals("active", call("GET", "/rooms/r/agents", null).body().get(0).get("status").asText());

        error(call("GET", "/rooms/r/wait", null), 400, "invalid_request");
        error(call("GET", "/rooms/r/wait?condition=" + enc("1 +"), null), 400, "invalid_cel");
        error(call("GET", "/rooms/r/wait?condition=true&timeout=soon", null), 400, "invalid_request");
        error(call("GET", "/rooms/r/wait?condition=true&include=bogus", null), 400, "invalid_request");
    }

    @Test
    void afterRevisionWaitsForTheNextCommit() {
        long rev = call("GET", "/rooms/r", null).body().get("revision").asLong();
        CompletableFuture<HttpResponse> f = send("GET", "/rooms/r/wait?condition=true&after_revision=" + rev, null, null);
        assertFalse(f.isDone());
        call("POST", "/rooms/r/messages", "{\"body\":\"anything\"}");
        assertEquals(rev + 1, f.join().body().get("revision").asLong());
        assertTrue(send("GET", "/rooms/r/wait?condition=true&after_revision=" + (rev - 0), null, null).isDone());
    }

    @Test
    void roomSettingsAreValidatedAndComeBackWithDefaults() {
        HttpResponse r = call("POST", "/rooms", "{\"id\":\"s\",\"settings\":{\"claim_lease_ms\":5000,\"max_deliveries\":3}}");
        assertEquals(201, r.status(), String.valueOf(r.body()));
        JsonNode s = call("GET", "/rooms/s", null).body().get("settings");
        assertEquals(5000, s.get("claim_lease_ms").asLong());
        assertEquals(3, s.get("max_deliveries").asInt());
        assertEquals(60_000, s.get("presence_ttl_ms").asLong());
        assertFalse(s.get("release_claims_on_offline").asBoolean());
        assertEquals(10_000, s.get("event_retention").asInt());
        assertTrue(call("GET", "/rooms/r", null).body().get("settings").get("claim_lease_ms").isNull());
        for (String bad : List.of("{\"colour\":1}", "{\"claim_lease_ms\":0}", "{\"max_deliveries\":\"3\"}",
                "{\"presence_ttl_ms\":null}", "{\"release_claims_on_offline\":1}", "{\"event_retention\":1.5}")) {
            error(call("POST", "/rooms", "{\"settings\":" + bad + "}"), 400, "invalid_request");
        }
    }

    @Test
    void leasesReleaseCompleteAndFencesOverTheWire() {
        join("w1");
        join("w2");
        assertEquals(201, call("POST", "/rooms/r/messages", "{\"kind\":\"task\",\"body\":1}").status());
        JsonNode posted = call("GET", "/rooms/r/messages", null).body().get(0);
        assertEquals(0, posted.get("fence").asLong());
        assertEquals(0, posted.get("delivery_count").asInt());
        assertFalse(posted.get("dead").asBoolean());
        HttpResponse c = call("POST", "/rooms/r/messages/1/claim", "{\"agent\":\"w1\",\"lease_ms\":1000}");
        assertEquals(200, c.status(), String.valueOf(c.body()));
        assertEquals(1, c.body().get("fence").asLong());
        assertEquals(1, c.body().get("delivery_count").asInt());
        assertFalse(c.body().get("lease_expires_at").isNull());
        error(call("POST", "/rooms/r/messages/1/claim", "{\"agent\":\"w2\",\"lease_ms\":0}"), 400, "invalid_request");
        HttpResponse notHolder = call("POST", "/rooms/r/messages/1/release", "{\"agent\":\"w2\"}");
        error(notHolder, 409, "not_holder");
        assertEquals("w1", notHolder.body().get("claimed_by").asText());
        HttpResponse stale = call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1,\"if_claim\":{\"message\":1,\"fence\":2}}");
        error(stale, 409, "stale_fence");
        assertEquals(1, stale.body().get("current_fence").asLong());
        assertEquals(200, call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1,\"if_claim\":{\"message\":1,\"fence\":1}}").status());
        HttpResponse batch = call("PUT", "/rooms/r/state/batch",
                "{\"writes\":[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":1,\"if_claim\":{\"message\":1,\"fence\":9}}]}");
        error(batch, 409, "stale_fence");
        assertEquals(1, batch.body().get("index").asInt());
        time.advance(Duration.ofMillis(1000)); // the lease runs out by itself
        assertTrue(call("GET", "/rooms/r/messages/?unclaimed=true", null).body().size() == 1);
        HttpResponse c2 = call("POST", "/rooms/r/messages/1/claim", "{\"agent\":\"w2\"}");
        assertEquals(2, c2.body().get("fence").asLong());
        error(call("POST", "/rooms/r/messages/1/complete", "{\"agent\":\"w2\",\"fence\":1}"), 409, "stale_fence");
        HttpResponse done = call("POST", "/rooms/r/messages/1/complete", "{\"agent\":\"w2\",\"fence\":2}");
        assertEquals(200, done.status());
        assertTrue(done.body().get("completed").asBoolean());
        error(call("POST", "/rooms/r/messages/1/claim", "{\"agent\":\"w1\"}"), 409, "already_completed");
        error(call("POST", "/rooms/r/messages/9/release", "{\"agent\":\"w1\"}"), 404, "message_not_found");
        JsonNode counts = call("POST", "/rooms/r/eval", "{\"expr\":\"true\"}").body().get("context_keys").get("messages");
        assertEquals(1, counts.get("completed").asInt());
        assertEquals(1, counts.get("by_kind").get("task").get("completed").asInt());
        assertEquals(0, call("GET", "/rooms/r/messages?dead=true", null).body().size());
        assertEquals(1, call("GET", "/rooms/r/messages?dead=false", null).body().size());
    }

    @Test
    void agentsLeaveAndShowWhetherTheyAreOnline() {
        String a = join("a");
        String b = join("b");
        assertTrue(call("GET", "/rooms/r/agents", null).body().get(0).get("online").asBoolean());
        error(call("DELETE", "/rooms/r/agents/a", null, b), 403, "identity_mismatch");
        error(call("DELETE", "/rooms/r/agents/zz", null), 404, "agent_not_found");
        HttpResponse left = call("DELETE", "/rooms/r/agents/a", null, a);
        assertEquals(200, left.status());
        assertTrue(left.body().get("left").asBoolean());
        error(call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1}", a), 401, "invalid_token");
        assertEquals(1, call("GET", "/rooms/r/agents", null).body().size());
    }

    @Test
    void waitsSayTheTimeoutTheyUsedAndRefuseNonBooleanConditions() {
        error(call("GET", "/rooms/r/wait?condition=" + enc("1 + 2"), null), 400, "invalid_cel");
        CompletableFuture<HttpResponse> w = send("GET", "/rooms/r/wait?condition=" + enc("false") + "&timeout=600000", null, null);
        time.advance(sync.limits().maxWait());
        assertEquals(sync.limits().maxWait().toMillis(), w.join().body().get("timeout_ms").asLong());
    }
}
