package dev.agentsync.core;

/**
 * Runs a task after a delay: the timer behind wait timeouts. Injected so tests drive time by hand
 * instead of sleeping; the default is a single daemon thread.
 */
@FunctionalInterface
public interface Scheduler {
    /**
     * Runs {@code task} once, {@code delayMillis} from now on this scheduler's clock.
     *
     * @return a handle that cancels the task if it has not run
     */
    Cancellable schedule(long delayMillis, Runnable task);

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }
}
