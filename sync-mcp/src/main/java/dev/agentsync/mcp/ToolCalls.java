package dev.agentsync.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.SyncJson;
import dev.agentsync.protocol.HttpRequest;
import dev.agentsync.protocol.HttpResponse;
import dev.agentsync.protocol.SyncProtocol;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs a tool call as the request of the wire contract it stands for, through {@link SyncProtocol}: the
 * arguments become path, query or body; the session's token for the room (or the transport's own
 * {@code Authorization} header) becomes the caller; the response becomes the tool result — structured content
 * and its JSON as text, or, for a contract error, {@code isError} with text that starts with the error code.
 */
final class ToolCalls {
    private final SyncProtocol protocol;
    private final Sessions sessions;

    ToolCalls(SyncProtocol protocol, Sessions sessions) {
        this.protocol = protocol;
        this.sessions = sessions;
    }

    /**
     * Calls {@code tool}; never completes exceptionally for a contract error. Cancelling the future cancels the
     * request (a parked wait ends at once).
     *
     * @param authorization the transport's {@code Authorization} header, which wins over the session's token
     */
    CompletableFuture<CallToolResult> call(ToolDef tool, Map<String, Object> arguments, String session,
                                           @Nullable String authorization) {
        Map<String, Object> args = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
        Arguments.check(tool, args);
        String room = (String) args.get("room");
        Sessions.Member me = room == null ? null : sessions.member(session, room).orElse(null);
        if (tool.agentField() != null && args.get(tool.agentField()) == null && me != null) {
            args.put(tool.agentField(), me.agent());
        }
        if (tool.name().equals("join") && args.get("agent") == null && me != null) {
            args.put("agent", me.agent()); // joining again rotates this session's token
        }
        if (tool.name().equals("wait")) {
            Object t = args.get("timeout_ms");
            long ms = t == null ? Tools.WAIT_MAX_MS : Math.min(((Number) t).longValue(), Tools.WAIT_MAX_MS);
            args.put("timeout_ms", ms);
        }
        HttpRequest req = request(tool, args, authorization != null ? authorization : me == null ? null : "Bearer " + me.token());
        return protocol.handle(req).thenApply(resp -> {
            if (resp.status() < 400) {
                remember(tool, args, session, resp);
                return success(tool, resp.body());
            }
            return failure(resp.body());
        });
    }

    private void remember(ToolDef tool, Map<String, Object> args, String session, HttpResponse resp) {
        String room = (String) args.get("room");
        if (tool.name().equals("join") && resp.body() != null && resp.body().hasNonNull("token")) {
            sessions.joined(session, room, resp.body().path("id").asText(), resp.body().get("token").asText());
        } else if (tool.name().equals("leave")) {
            sessions.left(session, room, (String) args.get("agent"));
        }
    }

    private static HttpRequest request(ToolDef tool, Map<String, Object> args, @Nullable String authorization) {
        String path = tool.path();
        Map<String, List<String>> query = new HashMap<>();
        int q = path.indexOf('?');
        if (q >= 0) {
            for (String kv : path.substring(q + 1).split("&")) {
                String[] p = kv.split("=", 2);
                query.put(p[0], List.of(p[1]));
            }
            path = path.substring(0, q);
        }
        ObjectNode body = SyncJson.MAPPER.createObjectNode();
        for (Map.Entry<String, Object> a : args.entrySet()) {
            String name = a.getKey();
            Object value = a.getValue();
            if (tool.pathArgs().contains(name)) {
                path = path.replace("{" + name + "}", value == null ? "" : String.valueOf(value));
                continue;
            }
            if (value == null) {
                continue;
            }
            String field = tool.rename().getOrDefault(name, name);
            if (tool.method().equals("GET")) {
                query.put(field, List.of(value instanceof String s ? s : SyncJson.MAPPER.valueToTree(value).toString()));
            } else {
                body.set(field, SyncJson.MAPPER.valueToTree(value));
            }
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        byte[] bytes = tool.method().equals("GET") ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        return new HttpRequest(tool.method(), path, query, headers, bytes);
    }

    private static CallToolResult success(ToolDef tool, @Nullable JsonNode body) {
        JsonNode structured = body;
        if (body == null || !body.isObject()) {
            ObjectNode wrap = SyncJson.MAPPER.createObjectNode();
            wrap.set(tool.listKey() != null ? tool.listKey() : "result", body);
            structured = wrap;
        }
        return CallToolResult.builder()
                .structuredContent(SyncJson.MAPPER.convertValue(structured, Map.class))
                .addTextContent(structured.toString())
                .isError(false)
                .build();
    }

    /**
     * A contract error: text only (clients such as LangChain4j show structured content instead of text when there
     * is any, and the model must see the code first).
     */
    private static CallToolResult failure(@Nullable JsonNode body) {
        String code = body == null ? "internal" : body.path("error").asText("internal");
        String message = body == null ? "" : body.path("message").asText("");
        return CallToolResult.builder().addTextContent(code + ": " + message).isError(true).build();
    }
}
