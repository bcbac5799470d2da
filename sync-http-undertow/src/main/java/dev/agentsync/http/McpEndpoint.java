package dev.agentsync.http;

import dev.agentsync.core.Sync;
import dev.agentsync.mcp.SyncMcp;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MCP's Streamable HTTP transport at {@code /mcp}, on the same Undertow server and port as the HTTP API: the
 * official SDK's servlet, deployed in Undertow's servlet container. The request's {@code Authorization} header
 * reaches the tools (so a bearer token works as everywhere else); an {@code Origin} that is neither loopback nor
 * a configured one is refused with {@code 403} (DNS rebinding).
 */
final class McpEndpoint implements AutoCloseable {
    /** The path served. */
    static final String PATH = "/mcp";

    private final McpAsyncServer server;
    private final DeploymentManager deployment;
    private final HttpHandler handler;

    private McpEndpoint(McpAsyncServer server, DeploymentManager deployment, HttpHandler handler) {
        this.server = server;
        this.deployment = deployment;
        this.handler = handler;
    }

    /** Deploys the transport over {@code sync}; {@code origins} are allowed besides loopback ones. */
    static McpEndpoint deploy(Sync sync, List<String> origins) {
        List<String> allowed = new ArrayList<>(List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"));
        allowed.addAll(origins);
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(SyncMcp.jsonMapper())
                .mcpEndpoint(PATH)
                .keepAliveInterval(Duration.ofSeconds(15))
                .securityValidator(DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowed).build())
                .contextExtractor(req -> {
                    String auth = req.getHeader("Authorization");
                    return auth == null ? McpTransportContext.EMPTY : McpTransportContext.create(Map.of(SyncMcp.AUTHORIZATION, auth));
                })
                .build();
        McpAsyncServer server = SyncMcp.serve(sync, transport);
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(Servlets.deployment()
                .setClassLoader(McpEndpoint.class.getClassLoader())
                .setContextPath("")
                .setDeploymentName("agent-sync-mcp")
                .addServlet(Servlets.servlet("mcp", HttpServletStreamableServerTransportProvider.class,
                        new ImmediateInstanceFactory<>(transport)).addMapping(PATH).setAsyncSupported(true)));
        manager.deploy();
        try {
            return new McpEndpoint(server, manager, manager.start());
        } catch (ServletException e) {
            throw new IllegalStateException("Cannot start the MCP endpoint: " + e.getMessage(), e);
        }
    }

    /** Routes {@code /mcp} here and everything else to {@code next}. */
    HttpHandler in(HttpHandler next) {
        return exchange -> {
            String path = exchange.getRequestPath();
            if (path.equals(PATH) || path.startsWith(PATH + "/")) {
                handler.handleRequest(exchange);
            } else {
                next.handleRequest(exchange);
            }
        };
    }

    @Override
    public void close() {
        server.closeGracefully().block(Duration.ofSeconds(5));
        try {
            deployment.stop();
        } catch (ServletException e) {
            // stopping anyway
        }
        deployment.undeploy();
    }
}
