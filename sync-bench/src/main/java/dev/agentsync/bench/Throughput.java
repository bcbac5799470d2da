package dev.agentsync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/** Operations per second from N threads, each running its operation in a loop: 1 s warm-up, then the measured span. */
final class Throughput {
    private Throughput() {
    }

    /** Runs {@code operation.apply(t)} repeatedly on thread t of {@code threads} and returns operations per second. */
    static double measure(int threads, int seconds, IntFunction<Runnable> operation) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Runnable op = operation.apply(t);
            fs.add(pool.submit(() -> {
                while (!stop.get()) {
                    op.run();
                    done.increment();
                }
                return null;
            }));
        }
        Thread.sleep(1000); // warm-up (a benchmark harness, not a test)
        long start = done.sum();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long count = done.sum() - start;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return count / elapsed;
    }
}
