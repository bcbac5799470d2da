package dev.agentsync.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON Schema fragments for tool inputs and outputs, as the maps the MCP SDK takes. */
final class Schema {
    private Schema() {
    }

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> integer(String description) {
        return Map.of("type", "integer", "description", description);
    }

    static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    static Map<String, Object> object(String description) {
        return Map.of("type", "object", "description", description);
    }

    static Map<String, Object> any(String description) {
        return Map.of("description", description);
    }

    static Map<String, Object> array(String description, Map<String, Object> items) {
        return Map.of("type", "array", "description", description, "items", items);
    }

    /** A property of an object schema; {@code required} ones are listed in {@code required}. */
    record Prop(String name, Map<String, Object> schema, boolean required) {
    }

    static Prop req(String name, Map<String, Object> schema) {
        return new Prop(name, schema, true);
    }

    static Prop opt(String name, Map<String, Object> schema) {
        return new Prop(name, schema, false);
    }

    /** An object schema with these properties; no others are allowed. */
    static Map<String, Object> objectOf(List<Prop> props) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Prop p : props) {
            properties.put(p.name(), p.schema());
            if (p.required()) {
                required.add(p.name());
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", properties);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        s.put("additionalProperties", false);
        return s;
    }

    /**
     * An output schema: an object whose listed properties are described (each may also be {@code null}, as the
     * contract's fields are when unset); others may appear.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> output(Map<String, Object> properties) {
        Map<String, Object> nullable = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            Map<String, Object> p = new LinkedHashMap<>((Map<String, Object>) e.getValue());
            if (p.get("type") instanceof String t) {
                p.put("type", List.of(t, "null"));
            }
            nullable.put(e.getKey(), p);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", nullable);
        return s;
    }
}
