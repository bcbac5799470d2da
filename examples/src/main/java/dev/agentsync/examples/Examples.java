package dev.agentsync.examples;

import dev.agentsync.core.Sync;
import dev.agentsync.store.memory.MemoryStore;
import java.time.Duration;
import java.util.List;

/**
 * Runs a pattern: {@code java -jar examples/target/examples.jar <turns|fanout|consensus|pipeline|watchdog|all> [--url http://127.0.0.1:8080]}.
 * Without {@code --url} the agents use the library in this process; with it they talk to that server over HTTP.
 */
public final class Examples {
    private Examples() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        String pattern = args.length > 0 ? args[0] : "all";
        String url = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--url") && i + 1 < args.length) {
                url = args[++i];
            }
        }
        Sync local = url == null ? Sync.builder().store(new MemoryStore()).build() : null;
        try (SyncClient.Connection conn = url == null ? SyncClient.Connection.inProcess(local) : SyncClient.Connection.http(url)) {
            String suffix = "-" + Long.toString(System.currentTimeMillis(), 36);
            for (String p : pattern.equals("all") ? List.of("turns", "fanout", "consensus", "pipeline", "watchdog") : List.of(pattern)) {
                System.out.println(p + ": " + run(conn, p, p + suffix));
            }
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }

    static Object run(SyncClient.Connection conn, String pattern, String room) {
        switch (pattern) {
            case "turns":
                return TurnBasedGame.play(conn, room, 10);
            case "fanout":
                return FanOutFanIn.run(conn, room, 20, 4, Duration.ofMillis(300)); // one more worker crashes mid-task
            case "consensus":
                return Consensus.run(conn, room, 7, 3);
            case "pipeline":
                return Pipeline.run(conn, room, List.of("  alpha ", "beta", " gamma"));
            case "watchdog":
                return Watchdog.run(conn, room, 25, Duration.ofMillis(300));
            default:
                throw new IllegalArgumentException("unknown pattern '" + pattern + "': turns, fanout, consensus, pipeline, watchdog or all");
        }
    }
}
