package dev.agentsync.mcp;

import dev.agentsync.core.Sync;
import dev.agentsync.core.SyncJson;
import dev.agentsync.protocol.SyncProtocol;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A room service as an MCP server: every operation of the wire contract as a tool, built on the official MCP Java
 * SDK over any of its transports. Tool calls go through {@link SyncProtocol}, so the rules, limits and errors are
 * the HTTP API's; the MCP session remembers the agent it joined each room as.
 *
 * <pre>{@code
 * McpAsyncServer server = SyncMcp.serve(sync, new StdioServerTransportProvider(SyncMcp.jsonMapper()));
 * }</pre>
 */
public final class SyncMcp {
    /** The transport-context key under which an HTTP transport passes the request's {@code Authorization} header. */
    public static final String AUTHORIZATION = "authorization";

    /** How often a parked {@code wait} reports progress when the call asked for it. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private static final String INSTRUCTIONS = "agent-sync rooms: shared state, messages, claims and waits for agents"
            + " that coordinate. Start with join (it makes this session act as that agent), then read_state, write (guard"
            + " it with if_version or if), post_message / claim / complete for work items, and wait (instead of polling)"
            + " until a CEL condition over the room holds. Errors start with their code, e.g. version_conflict: ...";

    private SyncMcp() {
    }

    /** The SDK's JSON mapper over agent-sync's one Jackson mapper. */
    public static McpJsonMapper jsonMapper() {
        return new JacksonMcpJsonMapper(SyncJson.MAPPER);
    }

    /** An MCP server of {@code sync} on a single-session transport (stdio). */
    public static McpAsyncServer serve(Sync sync, McpServerTransportProvider transport) {
        return configure(McpServer.async(transport), sync);
    }

    /** An MCP server of {@code sync} on a Streamable HTTP transport (many sessions). */
    public static McpAsyncServer serve(Sync sync, McpStreamableServerTransportProvider transport) {
        return configure(McpServer.async(transport), sync);
    }

    private static McpAsyncServer configure(McpServer.AsyncSpecification<?> spec, Sync sync) {
        Sessions sessions = new Sessions();
        ToolCalls calls = new ToolCalls(new SyncProtocol(sync), sessions);
        List<AsyncToolSpecification> tools = new ArrayList<>();
        for (ToolDef def : Tools.all()) {
            tools.add(AsyncToolSpecification.builder().tool(tool(def)).callHandler((exchange, req) -> call(calls, def, exchange, req))
                    .build());
        }
        Resources resources = new Resources(sync, calls);
        McpAsyncServer server = spec.serverInfo("agent-sync", version())
                .instructions(INSTRUCTIONS)
                .jsonMapper(jsonMapper())
                .validateToolInputs(false) // Arguments checks them: a mismatch is a JSON-RPC error, as the contract says
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).prompts(false).resources(true, false).build())
                .tools(tools)
                .resourceTemplates(resources.templates())
                .prompts(Prompts.all())
                .build();
        resources.notifying(server);
        return server;
    }

    private static McpSchema.Tool tool(ToolDef def) {
        return McpSchema.Tool.builder()
                .name(def.name())
                .title(def.title())
                .description(def.description())
                .inputSchema(jsonMapper(), SyncJson.MAPPER.valueToTree(Schema.objectOf(def.input())).toString())
                .outputSchema(Schema.output(def.output()))
                .annotations(new McpSchema.ToolAnnotations(def.title(), def.readOnly(), false, !def.readOnly(), false, null))
                .build();
    }

    private static Mono<McpSchema.CallToolResult> call(ToolCalls calls, ToolDef def, McpAsyncServerExchange exchange,
                                                       McpSchema.CallToolRequest req) {
        return Mono.defer(() -> {
            Object auth = exchange.transportContext() == null ? null : exchange.transportContext().get(AUTHORIZATION);
            CompletableFuture<McpSchema.CallToolResult> f = calls.call(def, req.arguments(), exchange.sessionId(),
                    auth == null ? null : auth.toString());
            // cancelling the call (the client went away) cancels the request: a parked wait ends at once
            Mono<McpSchema.CallToolResult> result = Mono.fromFuture(f).doOnCancel(() -> f.cancel(true));
            Object token = req.progressToken();
            if (!def.name().equals("wait") || token == null) {
                return result;
            }
            // while parked, say so every few seconds; the ticks stop with the answer
            long start = System.nanoTime();
            Disposable ticking = Flux.interval(Duration.ZERO, PROGRESS_EVERY)
                    .concatMap(i -> exchange.progressNotification(new McpSchema.ProgressNotification(token,
                            (double) (System.nanoTime() - start) / 1e9, Tools.WAIT_MAX_MS / 1000.0, "waiting for the condition")))
                    .subscribe(v -> { }, e -> { });
            return result.doFinally(s -> ticking.dispose());
        });
    }

    static String version() {
        String v = SyncMcp.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
