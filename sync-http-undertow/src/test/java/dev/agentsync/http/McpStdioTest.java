package dev.agentsync.http;

import dev.agentsync.mcp.SyncMcp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import java.nio.file.Path;
import java.time.Duration;

/**
 * MCP over stdio: {@code java ... Main mcp-stdio --store memory} as a separate process, driven by the SDK's
 * stdio client (which launches it). Every test gets its own process, as an MCP client would.
 */
class McpStdioTest extends McpContract {
    @Override
    McpSyncClient session() {
        ServerParameters p = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "mcp-stdio", "--store", "memory")
                .build();
        McpSyncClient c = McpClient.sync(new StdioClientTransport(p, SyncMcp.jsonMapper()))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        c.initialize();
        return c;
    }
}
