package dev.agentsync.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between JSON values and CEL values, and JSON size accounting. */
public final class Json {
    /** The shared mapper. */
    public static final ObjectMapper MAPPER = dev.agentsync.core.SyncJson.MAPPER;
    /** The node factory. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /**
     * JSON to CEL: integers to {@code Long} (beyond 64 bits: {@code Double}), other numbers to {@code Double},
     * null to {@link NullValue#NULL_VALUE}, arrays to lists, objects to maps.
     */
    public static Object toCel(JsonNode n) {
        switch (n.getNodeType()) {
            case STRING:
                return n.textValue();
            case NUMBER:
                if (n.isIntegralNumber() && n.canConvertToLong()) {
                    return n.longValue();
                }
                return n.doubleValue();
            case BOOLEAN:
                return n.booleanValue();
            case ARRAY: {
                List<Object> out = new ArrayList<>(n.size());
                for (JsonNode e : n) {
                    out.add(toCel(e));
                }
                return Collections.unmodifiableList(out);
            }
            case OBJECT: {
                Map<String, Object> out = new LinkedHashMap<>(Math.max(4, n.size() * 2));
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), toCel(e.getValue()));
                }
                return Collections.unmodifiableMap(out);
            }
            case NULL:
            case MISSING:
            default:
                return NullValue.NULL_VALUE;
        }
    }

    /** CEL to JSON. Non-finite doubles become strings ("NaN", "Infinity"), as JSON has no such numbers. */
    public static JsonNode fromCel(Object v) {
        if (v instanceof JsonNode) {
            return (JsonNode) v;
        }
        if (v instanceof Boolean) {
            return NODES.booleanNode((Boolean) v);
        }
        if (v instanceof Long || v instanceof Integer) {
            return NODES.numberNode(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
        }
        if (v instanceof String) {
            return NODES.textNode((String) v);
        }
        if (v instanceof NullValue || v instanceof com.google.protobuf.NullValue || v == null) {
            return NODES.nullNode();
        }
        if (v instanceof com.google.common.primitives.UnsignedLong) {
            return NODES.numberNode(((com.google.common.primitives.UnsignedLong) v).bigIntegerValue());
        }
        if (v instanceof ByteString) {
            return NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
        }
        if (v instanceof Map) {
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                o.set(String.valueOf(e.getKey()), fromCel(e.getValue()));
            }
            return o;
        }
        if (v instanceof Iterable) {
            ArrayNode a = NODES.arrayNode();
            for (Object e : (Iterable<?>) v) {
                a.add(fromCel(e));
            }
            return a;
        }
        return NODES.textNode(String.valueOf(v));
    }

    /**
     * True when the encoded size of {@code n} exceeds {@code limit} bytes. Walks the tree and stops as soon
     * as the limit is passed, so a small value costs a few nanoseconds and a huge one no more than the limit.
     */
    public static boolean exceeds(JsonNode n, long limit) {
        return size(n, limit) > limit;
    }

    private static long size(JsonNode n, long budget) {
        switch (n.getNodeType()) {
            case STRING:
                return utf8Length(n.textValue()) + 2L;
            case NUMBER:
            case BOOLEAN:
            case NULL:
                return n.asText().length();
            case ARRAY: {
                long s = 2;
                for (JsonNode e : n) {
                    s += size(e, budget - s) + 1;
                    if (s > budget) {
                        return s;
                    }
                }
                return s;
            }
            case OBJECT: {
                long s = 2;
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    s += utf8Length(e.getKey()) + 4L + size(e.getValue(), budget - s);
                    if (s > budget) {
                        return s;
                    }
                }
                return s;
            }
            default:
                return 0;
        }
    }

    /** UTF-8 byte length of a string without encoding it. */
    public static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
