package dev.agentsync.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.http.ServerConfig;
import dev.agentsync.http.SyncServer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's MCP client lists and calls the room's tools, as an AI service would on a model's behalf (no model
 * needed: the test makes the calls a model would ask for).
 */
class LangChain4jRoomToolsTest {
    private static String run(ToolProviderResult tools, String name, String json) {
        return tools.toolExecutorByName(name).execute(ToolExecutionRequest.builder().id("1").name(name).arguments(json).build(), "memory-1");
    }

    @Test
    void anAiServiceGetsTheRoomsToolsAndCallsThem() throws Exception {
        try (SyncServer server = SyncServer.start(ServerConfig.defaults().withPort(0).withStore("memory"));
             McpClient mcp = LangChain4jRoomTools.client(server.url())) {
            ToolProviderResult tools = LangChain4jRoomTools.toolProvider(mcp)
                    .provideTools(new ToolProviderRequest("memory-1", UserMessage.from("coordinate")));
            for (String name : List.of("create_room", "join", "write", "read_state", "post_message", "claim", "complete", "wait")) {
                assertNotNull(tools.toolSpecificationByName(name), name);
                assertTrue(tools.toolSpecificationByName(name).description().contains("Example"), name);
            }
            assertTrue(run(tools, "create_room", "{\"room\": \"lc4j\"}").contains("\"id\":\"lc4j\""));
            assertTrue(run(tools, "join", "{\"room\": \"lc4j\", \"agent\": \"worker-1\"}").contains("\"token\""));
            assertTrue(run(tools, "write", "{\"room\": \"lc4j\", \"key\": \"phase\", \"value\": \"build\"}").contains("\"version\":1"));
            assertTrue(run(tools, "read_state", "{\"room\": \"lc4j\", \"scope\": \"_shared\", \"key\": \"phase\"}").contains("\"build\""));
            // an AI service hands the failure's text to the model as the tool's result
            ToolExecutionException conflict = assertThrows(ToolExecutionException.class,
                    () -> run(tools, "write", "{\"room\": \"lc4j\", \"key\": \"phase\", \"value\": \"x\", \"if_version\": 0}"));
            assertTrue(conflict.getMessage().startsWith("version_conflict: "), "a model sees the error code first: " + conflict.getMessage());
            assertTrue(run(tools, "wait", "{\"room\": \"lc4j\", \"condition\": \"state._shared.phase == 'build'\"}")
                    .contains("\"triggered\":true"));
        }
    }
}
