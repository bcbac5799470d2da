package dev.agentsync.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * Checks a tool call's arguments against the tool's input schema. A mismatch is protocol misuse, answered with a
 * JSON-RPC {@code invalid params} error (the contract's rule), not a tool result.
 */
final class Arguments {
    private Arguments() {
    }

    static void check(ToolDef tool, Map<String, Object> args) {
        for (String name : args.keySet()) {
            if (tool.input().stream().noneMatch(p -> p.name().equals(name))) {
                throw invalid(tool, "unknown argument '" + name + "'");
            }
        }
        for (Schema.Prop p : tool.input()) {
            Object v = args.get(p.name());
            if (v == null) {
                if (p.required()) {
                    throw invalid(tool, "missing required argument '" + p.name() + "'");
                }
                continue;
            }
            Object type = p.schema().get("type");
            if (type != null && !matches(type.toString(), v)) {
                throw invalid(tool, "argument '" + p.name() + "' must be " + article(type.toString()));
            }
        }
    }

    private static boolean matches(String type, Object v) {
        switch (type) {
            case "string":
                return v instanceof String;
            case "integer":
                return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
            case "boolean":
                return v instanceof Boolean;
            case "object":
                return v instanceof Map;
            case "array":
                return v instanceof List;
            default:
                return true;
        }
    }

    private static String article(String type) {
        return (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "an " : "a ") + type;
    }

    private static McpError invalid(ToolDef tool, String what) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Tool '" + tool.name() + "': " + what + ".").build();
    }
}
