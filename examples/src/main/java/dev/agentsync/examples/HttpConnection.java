package dev.agentsync.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.Agent;
import dev.agentsync.core.AgentStatus;
import dev.agentsync.core.AlreadyClaimedException;
import dev.agentsync.core.AlreadyCompletedException;
import dev.agentsync.core.BatchResult;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.CompleteResult;
import dev.agentsync.core.Entry;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.Included;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageCounts;
import dev.agentsync.core.MessageDeadException;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.NotHolderException;
import dev.agentsync.core.PreconditionFailedException;
import dev.agentsync.core.ReleaseResult;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.StaleFenceException;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.VersionConflictException;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.core.WriteResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Agents talking to a server over HTTP with the JDK client: the wire contract, mapped back to the core's records. */
final class HttpConnection implements SyncClient.Connection {
    private static final ObjectMapper JSON = dev.agentsync.core.SyncJson.MAPPER;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    HttpConnection(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    private JsonNode call(String method, String path, @Nullable JsonNode body, @Nullable String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(330))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SyncException(ErrorCode.UNAVAILABLE, "The server at " + base + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException(ErrorCode.UNAVAILABLE, "Interrupted while calling " + base);
        }
        JsonNode json;
        try {
            json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new SyncException(ErrorCode.UNAVAILABLE, "The server answered with something that is not JSON: " + r.body());
        }
        if (r.statusCode() >= 400) {
            throw error(json, body);
        }
        return json;
    }

    /** The contract's error body as the core's typed exception. */
    private static SyncException error(JsonNode e, @Nullable JsonNode request) {
        String code = e.path("error").asText();
        String message = e.path("message").asText(code);
        switch (code) {
            case "version_conflict":
                return new VersionConflictException(e.path("expected_version").asLong(),
                        e.path("current").isObject() ? entry(e.get("current")) : null, e.has("index") ? e.get("index").asInt() : -1);
            case "precondition_failed":
                return new PreconditionFailedException(e.path("expression").asText(), e.path("evaluated").isNull() ? null : e.get("evaluated"),
                        e.has("detail") ? e.get("detail").asText() : null);
            case "already_claimed":
                return new AlreadyClaimedException(e.path("message_id").asLong(), e.path("claimed_by").asText(), Instant.parse(e.path("claimed_at").asText()));
            case "already_completed":
                return new AlreadyCompletedException(e.path("message_id").asLong(), e.path("claimed_by").asText(), time(e, "completed_at"));
            case "message_dead":
                return new MessageDeadException(e.path("message_id").asLong(), 0);
            case "not_holder":
                return new NotHolderException(e.path("message_id").asLong(), request == null ? "?" : request.path("agent").asText("?"),
                        text(e, "claimed_by"));
            case "stale_fence": {
                // the fence we sent: complete's "fence", a write's "if_claim.fence", or the failing write's in a batch
                JsonNode sent = request == null ? JSON.missingNode()
                        : e.has("index") ? request.path("writes").path(e.get("index").asInt()) : request;
                long given = sent.has("if_claim") ? sent.path("if_claim").path("fence").asLong() : sent.path("fence").asLong();
                long messageId = e.has("message_id") ? e.get("message_id").asLong() : sent.path("if_claim").path("message").asLong();
                return new StaleFenceException(messageId, given, e.path("current_fence").asLong(), text(e, "claimed_by"),
                        e.has("index") ? e.get("index").asInt() : -1);
            }
            default:
                for (ErrorCode c : ErrorCode.values()) {
                    if (c.code().equals(code)) {
                        return new SyncException(c, message);
                    }
                }
                return new SyncException(ErrorCode.INVALID_REQUEST, code + ": " + message);
        }
    }

    private static @Nullable String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static @Nullable Instant time(JsonNode n, String field) {
        String t = text(n, field);
        return t == null ? null : Instant.parse(t);
    }

    static Entry entry(JsonNode n) {
        return new Entry(n.get("scope").asText(), n.get("key").asText(), n.has("value") ? n.get("value") : JSON.nullNode(), text(n, "expr"),
                n.get("version").asLong(), time(n, "updated_at"), n.get("resolved_value"));
    }

    static Message message(JsonNode n) {
        return new Message(n.get("id").asLong(), text(n, "from"), text(n, "to"), n.get("kind").asText(), n.get("body"),
                n.get("reply_to").isNull() ? null : n.get("reply_to").asLong(), text(n, "claimed_by"), time(n, "claimed_at"), time(n, "created_at"),
                time(n, "lease_expires_at"), n.path("fence").asLong(), n.path("delivery_count").asInt(), time(n, "completed_at"),
                n.path("dead").asBoolean(), null);
    }

    static Agent agent(JsonNode n) {
        return new Agent(n.get("id").asText(), n.get("name").asText(), n.get("role").asText(), (ObjectNode) n.get("meta"),
                AgentStatus.parse(n.get("status").asText()).orElseThrow(), text(n, "waiting_on"), time(n, "joined_at"), time(n, "last_heartbeat"),
                n.path("online").asBoolean());
    }

    static WaitResult waitResult(JsonNode n) {
        Map<String, Map<String, JsonNode>> state = null;
        if (n.has("state")) {
            state = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get("state").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> scope = it.next();
                Map<String, JsonNode> values = new LinkedHashMap<>();
                scope.getValue().fields().forEachRemaining(kv -> values.put(kv.getKey(), kv.getValue()));
                state.put(scope.getKey(), values);
            }
        }
        List<Agent> agents = null;
        if (n.has("agents")) {
            agents = new ArrayList<>();
            for (JsonNode a : n.get("agents")) {
                agents.add(agent(a));
            }
        }
        MessageCounts counts = n.has("messages") ? counts(n.get("messages")) : null;
        List<Message> since = null;
        if (n.has("messages_since")) {
            since = new ArrayList<>();
            for (JsonNode m : n.get("messages_since")) {
                since.add(message(m));
            }
        }
        boolean triggered = n.get("triggered").asBoolean();
        return new WaitResult(triggered, n.get("condition").asText(), triggered ? n.get("value") : null, n.get("revision").asLong(),
                n.path("elapsed_ms").asLong(0), text(n, "last_error"), new Included(state, agents, counts, since), n.path("timeout_ms").asLong());
    }

    /** {@code {count, unclaimed, claimed, completed, dead, by_kind}}. */
    static MessageCounts counts(JsonNode n) {
        Map<String, MessageCounts> byKind = new LinkedHashMap<>();
        n.path("by_kind").fields().forEachRemaining(k -> byKind.put(k.getKey(), counts(k.getValue())));
        return new MessageCounts(n.path("count").asLong(), n.path("unclaimed").asLong(), n.path("claimed").asLong(),
                n.path("completed").asLong(), n.path("dead").asLong(), byKind);
    }

    private static ObjectNode writeJson(Write w) {
        ObjectNode o = JSON.createObjectNode();
        o.put("scope", w.scope());
        o.put("key", w.key());
        if (w.value() != null) {
            o.set("value", w.value());
        }
        if (w.expr() != null) {
            o.put("expr", w.expr());
        }
        if (w.ifVersion() != null) {
            o.put("if_version", w.ifVersion());
        }
        if (w.increment()) {
            o.put("increment", true);
        }
        if (w.gate() != null) {
            o.put("if", w.gate());
        }
        if (w.ifClaim() != null) {
            o.putObject("if_claim").put("message", w.ifClaim().message()).put("fence", w.ifClaim().fence());
        }
        return o;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void createRoom(String room, RoomSettings settings) {
        ObjectNode body = JSON.createObjectNode().put("id", room);
        ObjectNode s = body.putObject("settings");
        if (settings.claimLeaseMs() != null) {
            s.put("claim_lease_ms", settings.claimLeaseMs());
        }
        if (settings.maxDeliveries() != null) {
            s.put("max_deliveries", settings.maxDeliveries());
        }
        s.put("presence_ttl_ms", settings.presenceTtlMs());
        s.put("release_claims_on_offline", settings.releaseClaimsOnOffline());
        s.put("event_retention", settings.eventRetention());
        call("POST", "/rooms", body, null);
    }

    @Override
    public SyncClient join(String room, String agentId, String role) {
        String token = call("POST", "/rooms/" + enc(room) + "/agents",
                JSON.createObjectNode().put("id", agentId).put("name", agentId).put("role", role), null).get("token").asText();
        String r = "/rooms/" + enc(room);
        return new SyncClient() {
            @Override
            public String agent() {
                return agentId;
            }

            @Override
            public WriteResult write(Write w) {
                JsonNode n = call("PUT", r + "/state", writeJson(w), token);
                return new WriteResult(HttpConnection.entry(n), n.get("revision").asLong());
            }

            @Override
            public BatchResult batch(List<Write> writes, @Nullable String gate) {
                ObjectNode body = JSON.createObjectNode();
                ArrayNode ws = body.putArray("writes");
                writes.forEach(w -> ws.add(writeJson(w)));
                if (gate != null) {
                    body.put("if", gate);
                }
                JsonNode n = call("PUT", r + "/state/batch", body, token);
                List<Entry> es = new ArrayList<>();
                n.get("state").forEach(e -> es.add(HttpConnection.entry(e)));
                return new BatchResult(es, n.get("revision").asLong());
            }

            @Override
            public Optional<Entry> entry(String scope, String key) {
                try {
                    return Optional.of(HttpConnection.entry(call("GET", r + "/state?resolve=true&scope=" + enc(scope) + "&key=" + enc(key), null, null)));
                } catch (SyncException e) {
                    if (e.code() == ErrorCode.KEY_NOT_FOUND) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }

            @Override
            public Message post(NewMessage m) {
                ObjectNode body = JSON.createObjectNode();
                body.put("from", agentId);
                if (m.to() != null) {
                    body.put("to", m.to());
                }
                if (m.kind() != null) {
                    body.put("kind", m.kind());
                }
                body.set("body", m.body());
                if (m.replyTo() != null) {
                    body.put("reply_to", m.replyTo());
                }
                return message(call("POST", r + "/messages", body, token));
            }

            @Override
            public List<Message> messages(MessageQuery q) {
                StringBuilder qs = new StringBuilder("?limit=" + (q.limit() == 0 ? 500 : q.limit()));
                if (q.after() != null) {
                    qs.append("&after=").append(q.after());
                }
                if (q.kind() != null) {
                    qs.append("&kind=").append(enc(q.kind()));
                }
                if (q.thread() != null) {
                    qs.append("&thread=").append(q.thread());
                }
                if (q.unclaimed()) {
                    qs.append("&unclaimed=true");
                }
                if (q.from() != null) {
                    qs.append("&from=").append(enc(q.from()));
                }
                if (q.to() != null) {
                    qs.append("&to=").append(enc(q.to()));
                }
                if (q.dead() != null) {
                    qs.append("&dead=").append(q.dead());
                }
                List<Message> out = new ArrayList<>();
                call("GET", r + "/messages" + qs, null, null).forEach(m -> out.add(message(m)));
                return out;
            }

            @Override
            public ClaimResult claim(long messageId, @Nullable Duration lease) {
                ObjectNode body = JSON.createObjectNode().put("agent", agentId);
                if (lease != null) {
                    body.put("lease_ms", lease.toMillis());
                }
                JsonNode n = call("POST", r + "/messages/" + messageId + "/claim", body, token);
                return new ClaimResult(n.get("message_id").asLong(), n.get("claimed_by").asText(), time(n, "claimed_at"),
                        time(n, "lease_expires_at"), n.get("fence").asLong(), n.get("delivery_count").asInt(), n.path("revision").asLong());
            }

            @Override
            public ReleaseResult release(long messageId) {
                JsonNode n = call("POST", r + "/messages/" + messageId + "/release", JSON.createObjectNode().put("agent", agentId), token);
                // the wire does not say whether the release made the message dead; read it back
                boolean dead = messages(MessageQuery.all().after(messageId - 1).limit(1)).stream().anyMatch(Message::dead);
                return new ReleaseResult(n.get("message_id").asLong(), dead, n.path("revision").asLong());
            }

            @Override
            public CompleteResult complete(long messageId, @Nullable Long fence) {
                ObjectNode body = JSON.createObjectNode().put("agent", agentId);
                if (fence != null) {
                    body.put("fence", fence);
                }
                JsonNode n = call("POST", r + "/messages/" + messageId + "/complete", body, token);
                return new CompleteResult(n.get("message_id").asLong(), time(n, "completed_at"), n.path("revision").asLong());
            }

            @Override
            public List<Agent> agents() {
                List<Agent> out = new ArrayList<>();
                call("GET", r + "/agents", null, null).forEach(a -> out.add(HttpConnection.agent(a)));
                return out;
            }

            @Override
            public void leave() {
                call("DELETE", r + "/agents/" + enc(agentId), null, token);
            }

            @Override
            public WaitResult await(WaitRequest w) {
                StringBuilder qs = new StringBuilder("?agent=" + enc(agentId) + "&condition=" + enc(w.condition()));
                if (w.timeout() != null) {
                    qs.append("&timeout=").append(w.timeout().toMillis());
                }
                if (!w.include().isEmpty()) {
                    qs.append("&include=").append(enc(String.join(",", w.include())));
                }
                if (w.afterRevision() != null) {
                    qs.append("&after_revision=").append(w.afterRevision());
                }
                return waitResult(call("GET", r + "/wait" + qs, null, token));
            }

            @Override
            public void heartbeat(String status) {
                call("POST", r + "/agents/" + enc(agentId) + "/heartbeat", JSON.createObjectNode().put("status", status), token);
            }
        };
    }
}
