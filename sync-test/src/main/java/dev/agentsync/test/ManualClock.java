package dev.agentsync.test;

import dev.agentsync.core.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that moves only when the test says so, and that is also the {@link Scheduler} of the waits' timeouts.
 * Give it to {@code Sync.builder().clock(clock)}: a clock that is a scheduler times the waits too.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * Sync sync = Sync.builder().store(store).clock(clock).build();
 * CompletableFuture<WaitResult> w = sync.await(room, WaitRequest.until("false").timeout(Duration.ofSeconds(30)));
 * clock.advance(Duration.ofSeconds(30));   // the timeout fires here, on this thread
 * assertTrue(w.join().timedOut());
 * }</pre>
 *
 * <p>{@link #advance(Duration)} moves time forward and, before it returns, runs on the calling thread every timer
 * that falls due within the step, in due order (ties in the order they were scheduled), each exactly once, with the
 * clock reading the timer's due time while it runs. A timer that a running timer schedules inside the same step
 * fires in that step too. Nothing here sleeps or starts a thread. Advances from several threads are serialized.
 *
 * <p>A timer that throws does not stop the step: the others still fire, time still reaches its target, and the
 * first exception is rethrown at the end with the later ones suppressed.
 */
public final class ManualClock extends Clock implements Scheduler {
    /** Where a clock made with {@link #ManualClock()} starts: 2026-11-24T10:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-24T10:00:00Z");

    private final ReentrantLock stepping = new ReentrantLock();
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long nowMillis;
    private long sequence;
    private long fired;

    private static final class Timer implements Comparable<Timer> {
        final long due;
        final long order;
        final Runnable task;

        Timer(long due, long order, Runnable task) {
            this.due = due;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }
    }

    /** A clock at {@link #DEFAULT_START}. */
    public ManualClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start} (millisecond precision). */
    public ManualClock(Instant start) {
        this.nowMillis = Objects.requireNonNull(start, "start").toEpochMilli();
    }

    @Override
    public synchronized long millis() {
        return nowMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    /** Always UTC; {@link #withZone} gives a view in another zone that reads this clock's time. */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return ZoneOffset.UTC.equals(zone) ? this : new Zoned(this, zone);
    }

    /**
     * Schedules {@code task} at {@code delayMillis} (negative counts as 0) from the clock's time; it runs inside
     * the {@link #advance} that reaches it. The returned handle removes it if it has not run yet.
     */
    @Override
    public synchronized Cancellable schedule(long delayMillis, Runnable task) {
        Objects.requireNonNull(task, "task");
        Timer t = new Timer(nowMillis + Math.max(0, delayMillis), sequence++, task);
        queue.add(t);
        return () -> {
            synchronized (ManualClock.this) {
                queue.remove(t);
            }
        };
    }

    /**
     * Moves time forward by {@code step} and runs, here and now, every timer due by the new time.
     *
     * @throws IllegalArgumentException when {@code step} is negative (time never goes back)
     */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time never goes back: advance(" + step + ")");
        }
        stepping.lock();
        try {
            long target;
            synchronized (this) {
                target = Math.addExact(nowMillis, step.toMillis());
            }
            RuntimeException failure = null;
            while (true) {
                Timer next;
                synchronized (this) {
                    next = queue.peek();
                    if (next == null || next.due > target) {
                        nowMillis = Math.max(nowMillis, target);
                        break;
                    }
                    queue.poll();
                    nowMillis = Math.max(nowMillis, next.due);
                    fired++;
                }
                try {
                    next.task.run();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            stepping.unlock();
        }
    }

    /** Moves time to {@code instant} (no move if it is not later), running the timers due by then. */
    public void advanceTo(Instant instant) {
        long delta = instant.toEpochMilli() - millis();
        advance(Duration.ofMillis(Math.max(0, delta)));
    }

    /** Runs the timers already due, without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Timers scheduled and not yet run or cancelled. */
    public synchronized int pending() {
        return queue.size();
    }

    /** How many timers have fired since the clock was made. */
    public synchronized long fired() {
        return fired;
    }

    /** When the next pending timer is due, if any. */
    public synchronized Optional<Instant> nextDue() {
        Timer t = queue.peek();
        return t == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(t.due));
    }

    /** When each pending timer is due, earliest first. */
    public synchronized List<Instant> pendingDue() {
        List<Timer> ts = new ArrayList<>(queue);
        ts.sort(null);
        List<Instant> out = new ArrayList<>(ts.size());
        for (Timer t : ts) {
            out.add(Instant.ofEpochMilli(t.due));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + ", " + pending() + " timer(s) pending]";
    }

    /** This clock's time seen in another zone (not a scheduler: time it through the clock itself). */
    private static final class Zoned extends Clock {
        private final ManualClock base;
        private final ZoneId zone;

        Zoned(ManualClock base, ZoneId zone) {
            this.base = base;
            this.zone = Objects.requireNonNull(zone, "zone");
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return base.withZone(z);
        }

        @Override
        public long millis() {
            return base.millis();
        }

        @Override
        public Instant instant() {
            return base.instant();
        }
    }
}
