package dev.agentsync.protocol;

import static dev.agentsync.protocol.WireFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.RoomInfo;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.StateQuery;
import dev.agentsync.core.Sync;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The wire contract without a server: an {@link HttpRequest} in, a future {@link HttpResponse} out. Every
 * route, JSON shape, error body and status of {@code http-api.md} lives here, so an HTTP adapter is glue: read
 * the request, call {@link #handle}, write the response when the future completes (a wait's future completes
 * later; cancel it when the client goes away).
 *
 * <pre>{@code
 * SyncProtocol api = new SyncProtocol(sync);
 * HttpResponse r = api.handle(new HttpRequest("PUT", "/rooms/r/state", Map.of(), Map.of(), body)).join();
 * }</pre>
 */
public final class SyncProtocol {
    /** CORS headers sent with every response: browsers' agents and the dashboard call the API. */
    public static final Map<String, String> CORS = Map.of(
            "Access-Control-Allow-Origin", "*",
            "Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS",
            "Access-Control-Allow-Headers", "Authorization, Content-Type",
            "Access-Control-Max-Age", "600");

    private static final Set<String> CLAIM_ACTIONS = Set.of("claim", "release", "complete");

    private final Sync sync;
    private final WaitRoute waits;
    private final Cache<String, Boolean> knownRooms = Caffeine.newBuilder().maximumSize(100_000).build();

    /** Serves {@code sync} over the contract. */
    public SyncProtocol(Sync sync) {
        this.sync = sync;
        this.waits = new WaitRoute(sync);
    }

    /** The instance served. */
    public Sync sync() {
        return sync;
    }

    /**
     * Handles one request. Never completes exceptionally: every failure becomes the contract's error body. The
     * future of a wait completes when the wait ends; cancelling it cancels the wait.
     */
    public CompletableFuture<HttpResponse> handle(HttpRequest req) {
        try {
            if (req.method().equals("OPTIONS")) {
                return done(new HttpResponse(204, null, CORS));
            }
            if (req.body().length > sync.limits().maxBodyBytes()) {
                throw new SyncException(ErrorCode.PAYLOAD_TOO_LARGE,
                        "The request body is larger than the limit of " + sync.limits().maxBodyBytes() + " bytes.");
            }
            caller(req); // a malformed Authorization header is refused on every route, reads included
            return route(req);
        } catch (SyncException e) {
            return done(error(e));
        } catch (WireError e) {
            Map<String, String> headers = CORS;
            if (e.allow != null) {
                headers = new java.util.HashMap<>(CORS);
                headers.put("Allow", e.allow);
            }
            return done(new HttpResponse(e.status, WireErrors.error(e.code, e.getMessage()), headers));
        }
    }

    /** The error response of a core exception. */
    public static HttpResponse error(SyncException e) {
        return withCors(WireErrors.status(e.code()), WireErrors.error(e));
    }

    static HttpResponse withCors(int status, @Nullable JsonNode body) {
        return new HttpResponse(status, body, CORS);
    }

    private static CompletableFuture<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private static CompletableFuture<HttpResponse> ok(int status, JsonNode body) {
        return done(withCors(status, body));
    }

    // ---------------------------------------------------------------- routing

    private CompletableFuture<HttpResponse> route(HttpRequest req) {
        String path = req.path();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] seg = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
        if (seg.length == 0 || !seg[0].equals("rooms")) {
            throw notFound(req);
        }
        String m = req.method();
        if (seg.length == 1) {
            switch (m) {
                case "POST":
                    return createRoom(req);
                case "GET":
                    return ok(200, rooms(sync.rooms(caller(req))));
                default:
                    throw methodNotAllowed(req, "GET", "POST");
            }
        }
        String room = seg[1];
        if (seg.length == 2) {
            if (!m.equals("GET")) {
                throw methodNotAllowed(req, "GET");
            }
            return ok(200, WireJson.room(sync.room(room).orElseThrow(() -> roomNotFound(room))));
        }
        String what = seg[2];
        // Shape first (so an unknown route is 404 not_found), then the room (404 room_not_found), then the call.
        if (what.equals("agents") && seg.length == 3) {
            allow(req, "GET", "POST");
            requireRoom(room);
            return m.equals("GET") ? ok(200, agents(room)) : join(req, room);
        }
        if (what.equals("agents") && seg.length == 5 && seg[4].equals("heartbeat")) {
            allow(req, "POST");
            requireRoom(room);
            return heartbeat(req, room, seg[3]);
        }
        if (what.equals("messages") && seg.length == 3) {
            allow(req, "GET", "POST");
            requireRoom(room);
            return m.equals("GET") ? listMessages(req, room) : post(req, room);
        }
        if (what.equals("agents") && seg.length == 4) {
            allow(req, "DELETE");
            requireRoom(room);
            sync.leave(room, seg[3], caller(req));
            return ok(200, WireJson.MAPPER.createObjectNode().put("left", true));
        }
        if (what.equals("messages") && seg.length == 5 && CLAIM_ACTIONS.contains(seg[4])) {
            allow(req, "POST");
            requireRoom(room);
            return claimAction(req, room, messageId(seg[3]), seg[4]);
        }
        if (what.equals("state") && seg.length == 3) {
            allow(req, "GET", "PUT", "DELETE");
            requireRoom(room);
            switch (m) {
                case "GET":
                    return readState(req, room);
                case "PUT":
                    return write(req, room);
                default:
                    return delete(req, room);
            }
        }
        if (what.equals("state") && seg.length == 4 && seg[3].equals("batch")) {
            allow(req, "PUT", "POST");
            requireRoom(room);
            return batch(req, room);
        }
        if (what.equals("wait") && seg.length == 3) {
            allow(req, "GET");
            requireRoom(room);
            return await(req, room);
        }
        if (what.equals("eval") && seg.length == 3) {
            allow(req, "POST");
            requireRoom(room);
            return eval(req, room);
        }
        throw notFound(req);
    }

    private static void allow(HttpRequest req, String... methods) {
        for (String a : methods) {
            if (a.equals(req.method())) {
                return;
            }
        }
        throw methodNotAllowed(req, methods);
    }

    /**
     * A room route's room must exist before its body is read (so a missing room is {@code room_not_found}, whatever
     * the body). Rooms are never deleted, so a room seen once is remembered and later requests skip the look-up.
     */
    private void requireRoom(String room) {
        if (knownRooms.getIfPresent(room) == null) {
            sync.room(room).orElseThrow(() -> roomNotFound(room));
            knownRooms.put(room, Boolean.TRUE);
        }
    }

    private static SyncException roomNotFound(String room) {
        return new SyncException(ErrorCode.ROOM_NOT_FOUND, "Room '" + room + "' does not exist; create it with POST /rooms.");
    }

    // ---------------------------------------------------------------- handlers

    private CompletableFuture<HttpResponse> createRoom(HttpRequest req) {
        ObjectNode b = object(req);
        return ok(201, WireJson.room(sync.createRoom(str(b, "id"), obj(b, "meta"), settings(obj(b, "settings")))));
    }

    private static ArrayNode rooms(List<RoomInfo> rs) {
        return WireJson.array(rs, WireJson::room);
    }

    private ArrayNode agents(String room) {
        return WireJson.array(sync.agents(room), WireJson::agent);
    }

    private CompletableFuture<HttpResponse> join(HttpRequest req, String room) {
        ObjectNode b = object(req);
        JoinRequest j = new JoinRequest(str(b, "id"), str(b, "name"), str(b, "role"), obj(b, "meta"));
        return ok(201, WireJson.joined(sync.join(room, j, caller(req))));
    }

    private CompletableFuture<HttpResponse> heartbeat(HttpRequest req, String room, String agent) {
        ObjectNode b = object(req);
        return ok(200, WireJson.heartbeat(sync.heartbeat(room, agent, str(b, "status"), caller(req))));
    }

    private CompletableFuture<HttpResponse> post(HttpRequest req, String room) {
        ObjectNode b = object(req);
        JsonNode body = b.get("body");
        if (body == null) {
            throw invalid("'body' is required (any JSON value).");
        }
        NewMessage m = new NewMessage(str(b, "from"), str(b, "to"), str(b, "kind"), body, lng(b, "reply_to"));
        return ok(201, WireJson.message(sync.post(room, m, caller(req))));
    }

    private CompletableFuture<HttpResponse> listMessages(HttpRequest req, String room) {
        Long limit = paramLong(req, "limit");
        if (limit != null && (limit < 1 || limit > Integer.MAX_VALUE)) {
            throw invalid("Query parameter 'limit' must be 1 or more.");
        }
        MessageQuery q = new MessageQuery(paramLong(req, "after"), paramStr(req, "kind"), paramLong(req, "thread"),
                paramBool(req, "unclaimed"), paramStr(req, "from"), paramStr(req, "to"), limit == null ? 0 : limit.intValue(),
                req.param("dead").isPresent() ? paramBool(req, "dead") : null);
        return ok(200, WireJson.messages(sync.messages(room, q)));
    }

    private CompletableFuture<HttpResponse> claimAction(HttpRequest req, String room, long id, String action) {
        ObjectNode b = object(req);
        String agent = reqStr(b, "agent");
        switch (action) {
            case "claim":
                Long lease = positive(b, "lease_ms");
                return ok(200, WireJson.claim(sync.claim(room, id, agent, lease == null ? null : Duration.ofMillis(lease),
                        caller(req))));
            case "release":
                return ok(200, WireJson.release(sync.release(room, id, agent, caller(req))));
            default:
                return ok(200, WireJson.complete(sync.complete(room, id, agent, lng(b, "fence"), caller(req))));
        }
    }

    /** One write's wire shape; the rules (including "a batch takes one 'if'") are the core's. */
    private static Write parseWrite(JsonNode w, String prefix) {
        if (!w.isObject()) {
            throw invalid(prefix + " must be a JSON object.");
        }
        String key = str(w, "key");
        if (key == null) {
            throw invalid("'" + prefix + "key' is required.");
        }
        String scope = str(w, "scope");
        return new Write(scope == null ? Scopes.SHARED : scope, key, w.get("value"), str(w, "expr"), lng(w, "if_version"),
                bool(w, "increment"), str(w, "if"), claimFence(w));
    }

    private CompletableFuture<HttpResponse> write(HttpRequest req, String room) {
        ObjectNode b = object(req);
        return ok(200, WireJson.write(sync.write(room, parseWrite(b, ""), caller(req))));
    }

    private CompletableFuture<HttpResponse> batch(HttpRequest req, String room) {
        ObjectNode b = object(req);
        JsonNode ws = b.get("writes");
        if (ws == null || !ws.isArray()) {
            throw invalid("'writes' is required: an array of {scope?, key, value, if_version?, increment?}.");
        }
        List<Write> writes = new ArrayList<>(ws.size());
        int i = 0;
        for (Iterator<JsonNode> it = ws.elements(); it.hasNext(); i++) {
            writes.add(parseWrite(it.next(), "writes[" + i + "]"));
        }
        return ok(200, WireJson.batch(sync.batch(room, writes, str(b, "if"), caller(req))));
    }

    private CompletableFuture<HttpResponse> readState(HttpRequest req, String room) {
        String scope = paramStr(req, "scope");
        String key = paramStr(req, "key");
        boolean resolve = paramBool(req, "resolve");
        if (scope != null && key != null) {
            return ok(200, WireJson.entry(sync.state(room, new StateQuery(scope, key, resolve)).stream().findFirst()
                    .orElseThrow(() -> new SyncException(ErrorCode.KEY_NOT_FOUND,
                            "No key '" + key + "' in scope '" + scope + "' of room '" + room + "'."))));
        }
        return ok(200, WireJson.entries(sync.state(room, new StateQuery(scope, key, resolve))));
    }

    private CompletableFuture<HttpResponse> delete(HttpRequest req, String room) {
        ObjectNode b = object(req);
        String scope = str(b, "scope") != null ? str(b, "scope") : paramStr(req, "scope");
        String key = str(b, "key") != null ? str(b, "key") : paramStr(req, "key");
        Long ifVersion = lng(b, "if_version") != null ? lng(b, "if_version") : paramLong(req, "if_version");
        if (key == null) {
            throw invalid("'key' is required.");
        }
        var d = sync.delete(room, scope == null ? Scopes.SHARED : scope, key, ifVersion, caller(req));
        ObjectNode o = WireJson.MAPPER.createObjectNode();
        o.put("deleted", d.deleted());
        o.put("revision", d.revision());
        return ok(200, o);
    }

    private CompletableFuture<HttpResponse> eval(HttpRequest req, String room) {
        ObjectNode b = object(req);
        String expr = str(b, "expr");
        if (expr == null) {
            throw invalid("'expr' is required: a CEL expression.");
        }
        return ok(200, WireJson.eval(sync.eval(room, expr, str(b, "agent"), caller(req))));
    }

    private CompletableFuture<HttpResponse> await(HttpRequest req, String room) {
        return waits.await(req, room);
    }
}
