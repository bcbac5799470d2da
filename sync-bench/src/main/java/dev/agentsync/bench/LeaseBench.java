package dev.agentsync.bench;

import dev.agentsync.core.Caller;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.spi.Store;
import dev.agentsync.core.spi.StoreProvider;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Claim leases, in-process (no HTTP): claim + complete per second from N workers; the latency from a lease's
 * deadline until a wait parked on {@code messages.by_kind.task.unclaimed > 0} has its answer (the expiry timer,
 * the expiry commit and the wake); and the CPU an idle room with many open leases costs (one timer, not one per
 * lease). Run: {@code java -cp sync-bench/target/benchmarks.jar dev.agentsync.bench.LeaseBench memory|h2|<store URI>
 * [threads] [seconds] [idle-leases]}.
 */
public final class LeaseBench {
    private LeaseBench() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "memory";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int idle = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        String uri = target.equals("h2") ? "h2:" + Files.createTempDirectory("lease-bench").resolve("db") : target;
        Store store = StoreProvider.openUri(uri);
        try (Sync sync = Sync.builder().store(store).build()) {
            String run = Long.toString(System.nanoTime(), 36);
            expiryWake(sync, run + "-warm", 50); // JIT warm-up, discarded
            long[] lat = expiryWake(sync, run, 200);
            System.out.printf("%s lease expiry -> parked wait answered: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d runs)%n", target,
                    lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6, lat[lat.length - 1] / 1e6, lat.length);
            idleLeases(sync, run, target.equals("memory") ? idle : Math.min(idle, 10_000));
            // last: its millions of messages would otherwise put collector pauses into the latencies above
            System.out.printf("%s claim+complete threads=%d: %.0f tasks/s%n", target, threads, claimComplete(sync, run, threads, seconds));
        }
    }

    private static double claimComplete(Sync sync, String run, int threads, int seconds) throws Exception {
        String room = run + "-cc";
        sync.createRoom(room);
        for (int t = 0; t < threads; t++) {
            sync.join(room, JoinRequest.of("w" + t));
        }
        return Throughput.measure(threads, seconds, t -> {
            String agent = "w" + t;
            return () -> {
                long id = sync.post(room, NewMessage.of(null, "task", "t")).id();
                ClaimResult c = sync.claim(room, id, agent, Duration.ofSeconds(30), Caller.anonymous());
                sync.complete(room, id, agent, c.fence(), Caller.anonymous());
            };
        });
    }

    private static long[] expiryWake(Sync sync, String run, int runs) throws Exception {
        String room = run + "-exp";
        sync.createRoom(room, null, RoomSettings.defaults());
        sync.join(room, JoinRequest.of("crashy"));
        long[] out = new long[runs];
        for (int i = 0; i < runs; i++) {
            long id = sync.post(room, NewMessage.of(null, "task", "t" + i)).id();
            ClaimResult c = sync.claim(room, id, "crashy", Duration.ofMillis(50), Caller.anonymous());
            CompletableFuture<WaitResult> w = sync.await(room, WaitRequest.until("messages.by_kind.task.unclaimed > 0")
                    .timeout(Duration.ofSeconds(10)));
            WaitResult r = w.get(10, TimeUnit.SECONDS);
            long sinceDeadline = (System.currentTimeMillis() - c.leaseExpiresAt().toEpochMilli()) * 1_000_000L;
            if (!r.triggered()) {
                throw new IllegalStateException("the lease did not expire");
            }
            out[i] = Math.max(0, sinceDeadline);
            sync.claim(room, id, "crashy", null, Caller.anonymous()); // take it back, without a lease: not unclaimed any more
            sync.complete(room, id, "crashy", null, Caller.anonymous());
        }
        Arrays.sort(out);
        return out;
    }

    private static void idleLeases(Sync sync, String run, int n) throws Exception {
        String room = run + "-idle";
        sync.createRoom(room);
        sync.join(room, JoinRequest.of("holder"));
        for (int i = 0; i < n; i++) {
            long id = sync.post(room, NewMessage.of(null, "task", "t")).id();
            sync.claim(room, id, "holder", Duration.ofHours(1), Caller.anonymous());
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        Thread.sleep(3_000); // let the JIT and the collector settle (a benchmark harness, not a test)
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(5_000);
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        double wallMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf("%d open leases, idle %.0f ms: process CPU %.1f ms (%.2f %% of one core)%n", n, wallMs, cpuMs,
                100 * cpuMs / wallMs);
    }
}
