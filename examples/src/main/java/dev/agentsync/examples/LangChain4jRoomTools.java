package dev.agentsync.examples;

import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import java.time.Duration;

/**
 * A LangChain4j agent gets a room's tools through MCP: point LangChain4j's MCP client at the server's {@code /mcp}
 * and hand its tool provider to an AI service. The model then joins, reads, writes, claims and waits with the
 * room's own tools (their descriptions tell it how); no glue code per operation.
 *
 * <pre>{@code
 * try (McpClient mcp = LangChain4jRoomTools.client("http://127.0.0.1:8080")) {
 *     Worker worker = AiServices.builder(Worker.class)
 *             .chatModel(model)                                  // any LangChain4j chat model
 *             .toolProvider(LangChain4jRoomTools.toolProvider(mcp))
 *             .build();
 *     worker.chat("Join room build-42 as worker-1, then claim and finish the unclaimed tasks.");
 * }
 * }</pre>
 */
public final class LangChain4jRoomTools {
    private LangChain4jRoomTools() {
    }

    /** An MCP client of the agent-sync server at {@code serverUrl} (its MCP endpoint is {@code /mcp}). */
    public static McpClient client(String serverUrl) {
        StreamableHttpMcpTransport transport = new StreamableHttpMcpTransport.Builder()
                .url(serverUrl + "/mcp")
                .timeout(Duration.ofSeconds(60)) // a wait tool call parks up to 25 s
                .build();
        return new DefaultMcpClient.Builder().key("agent-sync").clientName("agent-sync-example").transport(transport).build();
    }

    /** The room's tools for an AI service ({@code AiServices.builder(...).toolProvider(...)}). */
    public static McpToolProvider toolProvider(McpClient client) {
        return McpToolProvider.builder().mcpClients(client).build();
    }
}
