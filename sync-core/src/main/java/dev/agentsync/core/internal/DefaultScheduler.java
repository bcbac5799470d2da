package dev.agentsync.core.internal;

import dev.agentsync.core.Scheduler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The default timer: one daemon thread; cancelled tasks leave the queue at once. */
public final class DefaultScheduler implements Scheduler, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    /** Creates the timer thread. */
    public DefaultScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "agent-sync-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
