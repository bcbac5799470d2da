package dev.agentsync.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.Agent;
import dev.agentsync.core.CompleteResult;
import dev.agentsync.core.ReleaseResult;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.BatchResult;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.Entry;
import dev.agentsync.core.EvalResult;
import dev.agentsync.core.Included;
import dev.agentsync.core.Joined;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageCounts;
import dev.agentsync.core.RoomInfo;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.WriteResult;
import dev.agentsync.core.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The contract's JSON shapes, once: every model record and every error as it goes on the wire. */
public final class WireJson {
    /** The mapper used for request and response bodies. */
    public static final ObjectMapper MAPPER = dev.agentsync.core.SyncJson.MAPPER;
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private WireJson() {
    }

    static JsonNode time(@Nullable Instant t) {
        return t == null ? N.nullNode() : N.textNode(Times.format(t));
    }

    static JsonNode text(@Nullable String s) {
        return s == null ? N.nullNode() : N.textNode(s);
    }

    /** {@code {id, created_at, meta, revision, settings}}. */
    public static ObjectNode room(RoomInfo r) {
        ObjectNode o = N.objectNode();
        o.put("id", r.id());
        o.set("created_at", time(r.createdAt()));
        o.set("meta", r.meta());
        o.put("revision", r.revision());
        o.set("settings", settings(r.settings()));
        return o;
    }

    /** A room's settings, every default filled in. */
    public static ObjectNode settings(RoomSettings s) {
        ObjectNode o = N.objectNode();
        o.set("claim_lease_ms", s.claimLeaseMs() == null ? N.nullNode() : N.numberNode(s.claimLeaseMs()));
        o.set("max_deliveries", s.maxDeliveries() == null ? N.nullNode() : N.numberNode(s.maxDeliveries()));
        o.put("presence_ttl_ms", s.presenceTtlMs());
        o.put("release_claims_on_offline", s.releaseClaimsOnOffline());
        o.put("event_retention", s.eventRetention());
        return o;
    }

    /** An agent without its token. */
    public static ObjectNode agent(Agent a) {
        ObjectNode o = N.objectNode();
        o.put("id", a.id());
        o.put("name", a.name());
        o.put("role", a.role());
        o.set("meta", a.meta());
        o.put("status", a.status().wire());
        o.set("waiting_on", text(a.waitingOn()));
        o.set("joined_at", time(a.joinedAt()));
        o.set("last_heartbeat", time(a.lastHeartbeat()));
        o.put("online", a.online());
        return o;
    }

    /** An agent with the token of its join. */
    public static ObjectNode joined(Joined j) {
        ObjectNode o = agent(j.agent());
        o.put("token", j.token());
        return o;
    }

    /** {@code {agent, status, last_heartbeat}}. */
    public static ObjectNode heartbeat(Agent a) {
        ObjectNode o = N.objectNode();
        o.put("agent", a.id());
        o.put("status", a.status().wire());
        o.set("last_heartbeat", time(a.lastHeartbeat()));
        return o;
    }

    /** A message. */
    public static ObjectNode message(Message m) {
        ObjectNode o = N.objectNode();
        o.put("id", m.id());
        o.set("from", text(m.from()));
        o.set("to", text(m.to()));
        o.put("kind", m.kind());
        o.set("body", m.body());
        o.set("reply_to", m.replyTo() == null ? N.nullNode() : N.numberNode(m.replyTo()));
        o.set("claimed_by", text(m.claimedBy()));
        o.set("claimed_at", time(m.claimedAt()));
        o.set("created_at", time(m.createdAt()));
        o.set("lease_expires_at", time(m.leaseExpiresAt()));
        o.put("fence", m.fence());
        o.put("delivery_count", m.deliveryCount());
        o.set("completed_at", time(m.completedAt()));
        o.put("dead", m.dead());
        return o;
    }

    /** A list of messages. */
    public static ArrayNode messages(List<Message> ms) {
        return array(ms, WireJson::message);
    }

    /** A list rendered element by element. */
    public static <T> ArrayNode array(List<T> items, java.util.function.Function<T, ? extends JsonNode> render) {
        ArrayNode a = N.arrayNode();
        for (T t : items) {
            a.add(render.apply(t));
        }
        return a;
    }

    /** {@code {claimed: true, claimed_by, message_id, claimed_at, lease_expires_at, fence, delivery_count, revision}}. */
    public static ObjectNode claim(ClaimResult c) {
        ObjectNode o = N.objectNode();
        o.put("claimed", true);
        o.put("claimed_by", c.claimedBy());
        o.put("message_id", c.messageId());
        o.set("claimed_at", time(c.claimedAt()));
        o.set("lease_expires_at", time(c.leaseExpiresAt()));
        o.put("fence", c.fence());
        o.put("delivery_count", c.deliveryCount());
        o.put("revision", c.revision());
        return o;
    }

    /** {@code {released: true, message_id, revision}}. */
    public static ObjectNode release(ReleaseResult r) {
        ObjectNode o = N.objectNode();
        o.put("released", true);
        o.put("message_id", r.messageId());
        o.put("revision", r.revision());
        return o;
    }

    /** {@code {completed: true, message_id, completed_at, revision}}. */
    public static ObjectNode complete(CompleteResult c) {
        ObjectNode o = N.objectNode();
        o.put("completed", true);
        o.put("message_id", c.messageId());
        o.set("completed_at", time(c.completedAt()));
        o.put("revision", c.revision());
        return o;
    }

    /** An entry: {@code {scope, key, value, version, updated_at}}; a view shows {@code expr} and maybe {@code resolved_value}. */
    public static ObjectNode entry(Entry e) {
        ObjectNode o = N.objectNode();
        o.put("scope", e.scope());
        o.put("key", e.key());
        if (e.isView()) {
            o.put("expr", e.expr());
            if (e.resolvedValue() != null) {
                o.set("resolved_value", e.resolvedValue());
            }
        } else {
            o.set("value", e.value());
        }
        o.put("version", e.version());
        o.set("updated_at", time(e.updatedAt()));
        return o;
    }

    /** A list of entries. */
    public static ArrayNode entries(List<Entry> es) {
        return array(es, WireJson::entry);
    }

    /** A write's result: the entry plus {@code revision}. */
    public static ObjectNode write(WriteResult w) {
        ObjectNode o = entry(w.entry());
        o.put("revision", w.revision());
        return o;
    }

    /** {@code {ok: true, count, revision, state: [entry]}}. */
    public static ObjectNode batch(BatchResult b) {
        ObjectNode o = N.objectNode();
        o.put("ok", true);
        o.put("count", b.entries().size());
        o.put("revision", b.revision());
        o.set("state", entries(b.entries()));
        return o;
    }

    /** {@code {count, unclaimed, claimed, completed, dead, by_kind: {<kind>: {...}}}}. */
    public static ObjectNode counts(MessageCounts c) {
        ObjectNode o = kindCounts(c);
        ObjectNode byKind = o.putObject("by_kind");
        c.byKind().forEach((kind, k) -> byKind.set(kind, kindCounts(k)));
        return o;
    }

    private static ObjectNode kindCounts(MessageCounts c) {
        ObjectNode o = N.objectNode();
        o.put("count", c.count());
        o.put("unclaimed", c.unclaimed());
        o.put("claimed", c.claimed());
        o.put("completed", c.completed());
        o.put("dead", c.dead());
        return o;
    }

    /** The eval result with its {@code context_keys}. */
    public static ObjectNode eval(EvalResult r) {
        ObjectNode o = N.objectNode();
        o.put("expression", r.expression());
        o.set("value", r.value());
        o.put("revision", r.revision());
        ObjectNode keys = o.putObject("context_keys");
        ArrayNode scopes = keys.putArray("state_scopes");
        r.stateScopes().forEach(scopes::add);
        ArrayNode agents = keys.putArray("agents");
        r.agents().forEach(agents::add);
        keys.set("messages", counts(r.messages()));
        return o;
    }

    /** A wait's result, with its included parts at the top level. */
    public static ObjectNode wait(WaitResult r) {
        ObjectNode o = N.objectNode();
        o.put("triggered", r.triggered());
        o.put("condition", r.condition());
        if (r.triggered()) {
            o.set("value", r.value() == null ? N.booleanNode(true) : r.value());
        } else {
            o.put("timeout", true);
            o.put("elapsed_ms", r.elapsedMs());
            if (r.lastError() != null) {
                o.put("last_error", r.lastError());
            }
        }
        o.put("revision", r.revision());
        o.put("timeout_ms", r.timeoutMs());
        included(o, r.included());
        return o;
    }

    private static void included(ObjectNode o, Included inc) {
        if (inc.state() != null) {
            ObjectNode state = o.putObject("state");
            for (Map.Entry<String, Map<String, JsonNode>> s : inc.state().entrySet()) {
                ObjectNode scope = state.putObject(s.getKey());
                s.getValue().forEach(scope::set);
            }
        }
        if (inc.agents() != null) {
            ObjectNode agents = o.putObject("agents");
            for (Agent a : inc.agents()) {
                agents.set(a.id(), agent(a));
            }
        }
        if (inc.messages() != null) {
            o.set("messages", counts(inc.messages()));
        }
        if (inc.messagesSince() != null) {
            o.set("messages_since", messages(inc.messagesSince()));
        }
    }
}
