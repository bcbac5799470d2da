package dev.agentsync.bench;

import dev.agentsync.core.Sync;
import dev.agentsync.core.Write;
import dev.agentsync.core.spi.Store;
import dev.agentsync.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * In-process durable write throughput of the JDBC store (no HTTP): ungated and gated single-key writes from 1
 * and N threads, into one room and spread over N rooms.
 * Run: {@code java -cp sync-bench/target/benchmarks.jar dev.agentsync.bench.JdbcWrites h2|<jdbc:postgresql url> [threads] [seconds]}.
 */
public final class JdbcWrites {
    private JdbcWrites() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "h2";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Store store = target.equals("h2") ? JdbcStore.h2(Files.createTempDirectory("jdbc-bench").resolve("db")) : JdbcStore.open(target);
        try (Sync sync = Sync.builder().store(store).build()) {
            String run = Long.toString(System.nanoTime(), 36);
            for (int r = 0; r < threads; r++) {
                sync.createRoom(run + "-" + r);
                sync.write(run + "-" + r, Write.of("phase", "running"));
            }
            for (boolean gated : new boolean[] {false, true}) {
                for (int n : new int[] {1, threads}) {
                    for (boolean spread : n == 1 ? new boolean[] {false} : new boolean[] {false, true}) {
                        double rate = measure(sync, run, n, seconds, gated, spread);
                        System.out.printf("%s %-7s threads=%-3d %-14s %8.0f writes/s%n", target.equals("h2") ? "H2" : "PostgreSQL",
                                gated ? "gated" : "ungated", n, spread ? "(one room each)" : "(one room)", rate);
                    }
                }
            }
        }
    }

    private static double measure(Sync sync, String run, int n, int seconds, boolean gated, boolean spread) throws Exception {
        Write w = gated ? Write.of("k", 42).when("state._shared.phase == \"running\"") : Write.of("k", 42);
        return Throughput.measure(n, seconds, t -> {
            String room = run + "-" + (spread ? t : 0);
            return () -> sync.write(room, w);
        });
    }
}
