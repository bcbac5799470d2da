package dev.agentsync.http;

import dev.agentsync.core.Sync;
import dev.agentsync.mcp.SyncMcp;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * MCP's Streamable HTTP transport at {@code /mcp}, on the same Undertow server and port as the HTTP API. The
 * request's {@code Authorization} header reaches the tools (so a bearer token works as everywhere else); an
 * {@code Origin} that is neither loopback nor a configured one is refused with {@code 403} (DNS rebinding).
 */
final class McpEndpoint implements AutoCloseable {
    /** The path served. */
    static final String PATH = "/mcp";

    private final McpAsyncServer server;
    private final McpHttpTransport transport;

    private McpEndpoint(McpAsyncServer server, McpHttpTransport transport) {
        this.server = server;
        this.transport = transport;
    }

    /** Serves MCP over {@code sync}; {@code origins} are allowed besides loopback ones. */
    static McpEndpoint deploy(Sync sync, List<String> origins) {
        List<String> allowed = new ArrayList<>(List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"));
        allowed.addAll(origins);
        McpHttpTransport transport = new McpHttpTransport(SyncMcp.jsonMapper(),
                DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowed).build(), sync.limits().maxBodyBytes());
        return new McpEndpoint(SyncMcp.serve(sync, transport), transport);
    }

    /** Routes {@code /mcp} here and everything else to {@code next}. */
    HttpHandler in(HttpHandler next) {
        return exchange -> {
            if (exchange.getRequestPath().equals(PATH)) {
                transport.handleRequest(exchange);
            } else {
                next.handleRequest(exchange);
            }
        };
    }

    @Override
    public void close() {
        server.closeGracefully().block(Duration.ofSeconds(5));
    }
}
