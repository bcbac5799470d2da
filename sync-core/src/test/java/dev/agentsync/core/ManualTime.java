package dev.agentsync.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock and a scheduler that move only when a test says so: {@link #advance(Duration)} moves time and runs,
 * in due order, every task whose time has come. No test sleeps.
 */
public final class ManualTime extends Clock implements Scheduler {
    private long nowMillis;
    private long seq;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();

    private static final class Task implements Comparable<Task> {
        final long due;
        final long order;
        final Runnable run;
        volatile boolean cancelled;

        Task(long due, long order, Runnable run) {
            this.due = due;
            this.order = order;
            this.run = run;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }
    }

    /** Starts at 2026-11-24T10:00:00Z. */
    public ManualTime() {
        this(Instant.parse("2026-11-24T10:00:00Z"));
    }

    /** Starts at {@code start}. */
    public ManualTime(Instant start) {
        this.nowMillis = start.toEpochMilli();
    }

    @Override
    public synchronized long millis() {
        return nowMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Cancellable schedule(long delayMillis, Runnable task) {
        Task t = new Task(nowMillis + Math.max(0, delayMillis), seq++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    /** Tasks scheduled and not yet run or cancelled. */
    public synchronized int pending() {
        int n = 0;
        for (Task t : queue) {
            if (!t.cancelled) {
                n++;
            }
        }
        return n;
    }

    /** Moves time forward and runs every task now due, outside the clock's lock, in due order. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nowMillis + d.toMillis();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nowMillis = target;
                    return;
                }
                queue.poll();
                nowMillis = Math.max(nowMillis, next.due);
            }
            if (!next.cancelled) {
                next.run.run();
            }
        }
    }

    /** Runs tasks that are due now without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** The due times of pending tasks, for assertions. */
    public synchronized List<Long> dueTimes() {
        List<Long> out = new ArrayList<>();
        for (Task t : queue) {
            if (!t.cancelled) {
                out.add(t.due);
            }
        }
        out.sort(null);
        return out;
    }
}
