package dev.agentsync.http;

import java.util.concurrent.CountDownLatch;

/** {@code java -jar sync-server.jar [flags]}: starts the server, logs its URL, stops cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
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
        SyncServer server = SyncServer.start(cfg);
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
