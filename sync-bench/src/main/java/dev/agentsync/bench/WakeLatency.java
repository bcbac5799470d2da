package dev.agentsync.bench;

import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.store.memory.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * In-process wake latency: park N waiters on D distinct conditions, commit the write that satisfies them, and
 * measure, for each waiter, the time from just before the commit call to its future's completion. Also the
 * evaluations that commit cost. Run: {@code java -cp sync-bench/target/benchmarks.jar dev.agentsync.bench.WakeLatency [waiters] [distinct] [rounds]}.
 */
public final class WakeLatency {
    private WakeLatency() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        int waiters = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int distinct = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        try (Sync sync = Sync.builder().store(new MemoryStore()).build()) {
            sync.createRoom("r");
            long[] all = new long[waiters * rounds];
            long[] commitNanos = new long[rounds];
            long evalsPerCommit = 0;
            int n = 0;
            for (int round = -20; round < rounds; round++) { // 20 warm-up rounds
                sync.write("r", Write.of("go", -1));
                long[] done = new long[waiters];
                List<CompletableFuture<WaitResult>> fs = new ArrayList<>(waiters);
                for (int w = 0; w < waiters; w++) {
                    int idx = w;
                    CompletableFuture<WaitResult> f = sync.await("r", WaitRequest.until("state._shared.go >= 0 && state._shared.tag == " + (w % distinct))
                            .timeout(Duration.ofSeconds(20)));
                    f.thenRun(() -> done[idx] = System.nanoTime());
                    fs.add(f);
                }
                long before = sync.celEvaluations();
                long[] start = new long[distinct];
                long t0 = System.nanoTime();
                for (int tag = 0; tag < distinct; tag++) {
                    // one commit per condition: each wakes waiters/distinct futures
                    start[tag] = System.nanoTime();
                    sync.batch("r", List.of(Write.of("tag", tag), Write.of("go", 1)));
                }
                long t1 = System.nanoTime();
                long evals = sync.celEvaluations() - before;
                CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join();
                if (round >= 0) {
                    commitNanos[round] = (t1 - t0) / distinct;
                    evalsPerCommit += evals;
                    for (int w = 0; w < waiters; w++) {
                        all[n++] = done[w] - start[w % distinct];
                    }
                }
            }
            Arrays.sort(all);
            Arrays.sort(commitNanos);
            System.out.printf("waiters=%d distinct=%d rounds=%d%n", waiters, distinct, rounds);
            System.out.printf("wake latency from commit start: p50=%.1f us p99=%.1f us max=%.1f us%n",
                    all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3, all[all.length - 1] / 1e3);
            System.out.printf("commit (incl. waking its waiters) p50=%.1f us%n", commitNanos[rounds / 2] / 1e3);
            System.out.printf("CEL evaluations per waking commit: %.1f (distinct conditions pending: %d .. 1)%n",
                    (double) evalsPerCommit / rounds / distinct, distinct);
        }
    }
}
