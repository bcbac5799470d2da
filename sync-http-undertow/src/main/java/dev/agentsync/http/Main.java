package dev.agentsync.http;

import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar sync-server.jar [flags]}: starts the server, logs its URL, stops cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    /** Libraries log at INFO by default; the server itself prints one line on start and one on stop. */
    private static void quietLogs(String levelName) {
        Level level;
        try {
            level = Level.parse(levelName.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            level = Level.WARNING;
        }
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (Handler h : root.getHandlers()) {
            h.setLevel(level);
        }
    }

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        boolean stdio = args.length > 0 && args[0].equals("mcp-stdio");
        if (stdio) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        ServerConfig cfg;
        try {
            cfg = ServerConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("agent-sync: " + e.getMessage());
            }
            System.err.println(ServerConfig.usage());
            System.exit("help".equals(e.getMessage()) ? 0 : 2);
            return;
        }
        quietLogs(System.getenv().getOrDefault("SYNC_LOG_LEVEL", "WARNING"));
        if (stdio) {
            try {
                McpStdio.run(cfg); // standard output is MCP's: nothing else is printed there
            } catch (RuntimeException e) {
                System.err.println("agent-sync: cannot start: " + e.getMessage());
                System.exit(1);
            }
            System.exit(0);
            return;
        }
        SyncServer server;
        try {
            server = SyncServer.start(cfg);
        } catch (RuntimeException e) {
            System.err.println("agent-sync: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("agent-sync stopped");
            stopped.countDown();
        }, "agent-sync-shutdown"));
        System.out.println("agent-sync listening on " + server.url() + " (store: " + cfg.store()
                + (cfg.requireAuth() ? ", tokens required" : "") + ") - usage guide at " + server.url() + "/");
        stopped.await();
    }
}
