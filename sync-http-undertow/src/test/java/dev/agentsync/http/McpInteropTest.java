package dev.agentsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop with an independent MCP implementation: {@code src/test/node/interop.mjs} drives the server with the
 * official TypeScript SDK client ({@code @modelcontextprotocol/sdk}, pinned in its package-lock) over Streamable
 * HTTP and over stdio. Needs Node and npm; the packages are installed on first use ({@code npm ci}).
 */
class McpInteropTest {
    static final Path DIR = Path.of("src", "test", "node");

    @BeforeAll
    static void installPackages() throws Exception {
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("@modelcontextprotocol"))) {
            Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertEquals(0, r.code, "npm ci (Node and npm are needed for this test):\n" + r.output);
        }
    }

    record Result(int code, String output) {
    }

    static Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        File log = Files.createTempFile("mcp-interop", ".log").toFile();
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log).start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        Files.deleteIfExists(log.toPath());
        return new Result(done ? p.exitValue() : -1, out);
    }

    private static void assertPassed(Result r) {
        assertEquals(0, r.code, r.output);
        assertTrue(r.output.contains("\ndone"), r.output);
        assertTrue(!r.output.contains("FAIL"), r.output);
    }

    @Test
    void theTypeScriptClientOverStreamableHttp() throws Exception {
        try (SyncServer server = SyncServer.start(ServerConfig.defaults().withPort(0).withStore("memory"))) {
            assertPassed(run(List.of("node", "interop.mjs", "http", server.url()), 180));
        }
    }

    @Test
    void theTypeScriptClientOverStdio() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("node", "interop.mjs", "stdio", java, System.getProperty("java.class.path")));
        assertPassed(run(cmd, 180));
    }
}
