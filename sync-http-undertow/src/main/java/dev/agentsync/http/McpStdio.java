package dev.agentsync.http;

import dev.agentsync.core.Limits;
import dev.agentsync.core.Sync;
import dev.agentsync.core.spi.Store;
import dev.agentsync.mcp.SyncMcp;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar sync-server.jar mcp-stdio --store ...}: an MCP server on standard input and output, for clients
 * that launch MCP servers as processes, over its own embedded store. Standard output carries MCP messages only;
 * everything else (logs, errors) goes to standard error. Ends when the client closes standard input.
 */
final class McpStdio {
    private McpStdio() {
    }

    static void run(ServerConfig cfg) throws InterruptedException {
        Store store = SyncServer.openStore(cfg.store());
        Sync sync = Sync.builder().store(store).requireAuth(cfg.requireAuth())
                .limits(Limits.defaults().withMaxWait(cfg.maxWait())).build();
        CountDownLatch ended = new CountDownLatch(1);
        InputStream in = new FilterInputStream(System.in) {
            @Override
            public int read() throws IOException {
                return eof(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return eof(super.read(b, off, len));
            }

            private int eof(int n) {
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            }
        };
        McpAsyncServer server = SyncMcp.serve(sync, new StdioServerTransportProvider(SyncMcp.jsonMapper(), in, System.out));
        Runtime.getRuntime().addShutdownHook(new Thread(ended::countDown, "agent-sync-mcp-stdio-stop"));
        ended.await();
        server.closeGracefully().block(java.time.Duration.ofSeconds(5));
        sync.close();
    }
}
