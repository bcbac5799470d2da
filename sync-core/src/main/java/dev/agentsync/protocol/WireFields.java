package dev.agentsync.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.Caller;
import dev.agentsync.core.ClaimFence;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.SyncException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reading the wire: the caller's token, the JSON body, typed fields and query parameters, and the protocol's own
 * errors (unknown route, wrong method, bad JSON, bad field). Shapes only; every rule of the model is the core's.
 */
final class WireFields {
    private WireFields() {
    }

    /** A protocol-level error (not a rule of the model): unknown route, wrong method, bad JSON, bad field. */
    static final class WireError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final @Nullable String allow;

        WireError(int status, String code, String message) {
            this(status, code, message, null);
        }

        WireError(int status, String code, String message, @Nullable String allow) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.allow = allow;
        }
    }

    static WireError notFound(HttpRequest req) {
        return new WireError(404, "not_found", "No route " + req.method() + " " + req.path() + "; GET / lists the API.");
    }

    static WireError invalid(String message) {
        return new WireError(400, ErrorCode.INVALID_REQUEST.code(), message);
    }

    static WireError methodNotAllowed(HttpRequest req, String... allowed) {
        return new WireError(405, "method_not_allowed", req.method() + " is not allowed on " + req.path() + "; use "
                + String.join(" or ", allowed) + ".", String.join(", ", allowed) + ", OPTIONS");
    }


    /** The caller named by {@code Authorization: Bearer <token>}; anonymous without the header. */
    static Caller caller(HttpRequest req) {
        String h = req.header("authorization").orElse(null);
        if (h == null || h.isBlank()) {
            return Caller.anonymous();
        }
        String t = h.trim();
        if (t.length() > 7 && t.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = t.substring(7).trim();
            if (!token.isEmpty()) {
                return Caller.bearer(token);
            }
        }
        throw new SyncException(ErrorCode.INVALID_TOKEN, "The Authorization header must be 'Bearer <token>'.");
    }

    static ObjectNode object(HttpRequest req) {
        if (req.body().length == 0) {
            return WireJson.MAPPER.createObjectNode();
        }
        JsonNode n;
        try {
            n = WireJson.MAPPER.readTree(req.body());
        } catch (JsonProcessingException e) {
            throw new WireError(400, "invalid_json", "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WireError(400, "invalid_json", "The body could not be read as JSON.");
        }
        if (n == null || n.isMissingNode()) {
            return WireJson.MAPPER.createObjectNode();
        }
        if (!n.isObject()) {
            throw invalid("The body must be a JSON object.");
        }
        return (ObjectNode) n;
    }

    static @Nullable String str(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("'" + field + "' must be a string.");
        }
        return v.textValue();
    }

    static String reqStr(JsonNode o, String field) {
        String s = str(o, field);
        if (s == null) {
            throw invalid("'" + field + "' is required.");
        }
        return s;
    }

    static @Nullable Long lng(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid("'" + field + "' must be an integer.");
        }
        return v.longValue();
    }

    static boolean bool(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw invalid("'" + field + "' must be true or false.");
        }
        return v.booleanValue();
    }

    static @Nullable ObjectNode obj(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid("'" + field + "' must be a JSON object.");
        }
        return (ObjectNode) v;
    }

    static @Nullable Long paramLong(HttpRequest req, String name) {
        String s = req.param(name).orElse(null);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw invalid("Query parameter '" + name + "' must be an integer, was '" + s + "'.");
        }
    }

    static boolean paramBool(HttpRequest req, String name) {
        String s = req.param(name).orElse("false").trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("1") || s.isEmpty()) {
            return true;
        }
        if (s.equals("false") || s.equals("0")) {
            return false;
        }
        throw invalid("Query parameter '" + name + "' must be true or false, was '" + s + "'.");
    }

    static @Nullable String paramStr(HttpRequest req, String name) {
        String s = req.param(name).orElse(null);
        return s == null || s.isEmpty() ? null : s;
    }

    /** A message id from the path. */
    static long messageId(String idText) {
        try {
            return Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw invalid("The message id must be an integer, was '" + idText + "'.");
        }
    }

    /** A whole number of at least 1, or null when absent or null. */
    static @Nullable Long positive(JsonNode o, String field) {
        Long v = lng(o, field);
        if (v != null && v < 1) {
            throw invalid("'" + field + "' must be a whole number of at least 1, was " + v + ".");
        }
        return v;
    }

    /** {@code if_claim: {message, fence}}, or null. */
    static @Nullable ClaimFence claimFence(JsonNode o) {
        JsonNode v = o.get("if_claim");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid("'if_claim' must be an object {message, fence}.");
        }
        Long message = lng(v, "message");
        Long fence = lng(v, "fence");
        if (message == null || fence == null) {
            throw invalid("'if_claim' needs both 'message' and 'fence'.");
        }
        return new ClaimFence(message, fence);
    }

    private static final Set<String> SETTINGS = Set.of("claim_lease_ms", "max_deliveries", "presence_ttl_ms",
            "release_claims_on_offline", "event_retention");

    /** A room's {@code settings} object: unknown keys, wrong types and values out of range are refused. */
    static RoomSettings settings(@Nullable ObjectNode o) {
        RoomSettings d = RoomSettings.defaults();
        if (o == null) {
            return d;
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!SETTINGS.contains(k)) {
                throw invalid("Unknown setting '" + k + "'; settings are " + String.join(", ", new TreeSet<>(SETTINGS)) + ".");
            }
        }
        Long lease = positive(o, "claim_lease_ms");
        Long max = positive(o, "max_deliveries");
        if (max != null && max > Integer.MAX_VALUE) {
            throw invalid("'max_deliveries' is too large.");
        }
        Long ttl = notNull(o, "presence_ttl_ms", positive(o, "presence_ttl_ms"));
        Long retention = notNull(o, "event_retention", positive(o, "event_retention"));
        if (retention != null && retention > Integer.MAX_VALUE) {
            throw invalid("'event_retention' is too large.");
        }
        JsonNode release = o.get("release_claims_on_offline");
        if (release != null && !release.isBoolean()) {
            throw invalid("'release_claims_on_offline' must be true or false.");
        }
        return new RoomSettings(lease, max == null ? null : max.intValue(), ttl == null ? d.presenceTtlMs() : ttl,
                release != null ? release.booleanValue() : d.releaseClaimsOnOffline(),
                retention == null ? d.eventRetention() : retention.intValue());
    }

    private static @Nullable Long notNull(JsonNode o, String field, @Nullable Long v) {
        if (v == null && o.has(field)) {
            throw invalid("'" + field + "' must be a whole number of at least 1; it has a default, so it cannot be null.");
        }
        return v;
    }
}
