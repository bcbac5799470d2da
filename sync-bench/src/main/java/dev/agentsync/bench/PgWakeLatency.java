package dev.agentsync.bench;

import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.store.jdbc.JdbcStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Cross-instance wake latency over PostgreSQL: instance A (its own pool and LISTEN connection) parks a wait,
 * instance B writes; the time from B's write call to A's future completing travels through the database
 * commit, NOTIFY, A's listener and A's re-check. Two instances in one JVM share nothing but the database.
 * Run: {@code java -cp sync-bench/target/benchmarks.jar dev.agentsync.bench.PgWakeLatency <jdbc:postgresql url> [rounds]}.
 */
public final class PgWakeLatency {
    private PgWakeLatency() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        try (Sync a = Sync.builder().store(JdbcStore.open(args[0])).build();
             Sync b = Sync.builder().store(JdbcStore.open(args[0])).build()) {
            String room = "wake-" + System.nanoTime();
            a.createRoom(room);
            long[] lat = new long[rounds];
            for (int i = -50; i < rounds; i++) { // 50 warm-up rounds
                CompletableFuture<WaitResult> f = a.await(room, WaitRequest.until("has(state._shared.n) && state._shared.n == " + i)
                        .timeout(Duration.ofSeconds(10)));
                long[] done = new long[1];
                CompletableFuture<Void> marked = f.thenRun(() -> done[0] = System.nanoTime());
                long t0 = System.nanoTime();
                b.write(room, Write.of("n", i));
                marked.get();
                if (!f.get().triggered()) {
                    throw new IllegalStateException("round " + i + " timed out");
                }
                if (i >= 0) {
                    lat[i] = done[0] - t0;
                }
            }
            Arrays.sort(lat);
            System.out.printf("cross-instance wake over PostgreSQL, %d rounds: p50=%.2f ms p99=%.2f ms max=%.2f ms (includes B's commit)%n",
                    rounds, lat[rounds / 2] / 1e6, lat[(int) (rounds * 0.99)] / 1e6, lat[rounds - 1] / 1e6);
        }
    }
}
