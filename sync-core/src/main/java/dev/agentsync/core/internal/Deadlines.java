package dev.agentsync.core.internal;

import dev.agentsync.core.Scheduler;
import dev.agentsync.core.Times;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The moments when something ends by itself — a claim's lease runs out, an agent's presence goes stale — behind
 * ONE timer armed for the earliest of them, so 100 000 open leases cost nothing while idle. Each deadline is a
 * hint: when it comes, its handler re-reads the room in a unit of work and acts only if the deadline still holds
 * there (a renewed lease, a fresh heartbeat, a commit by another process), which also makes expiry exactly-once
 * across processes sharing a store. A room's deadlines are loaded from its state the first time this process
 * touches it, and again when another process commits in it.
 */
public final class Deadlines {
    /** What to do when a deadline comes. */
    public interface Handler {
        /** The lease of {@code messageId} may have run out. */
        void leaseDue(String room, long messageId);

        /** {@code agentId} may have gone offline. */
        void presenceDue(String room, String agentId);
    }

    private record Key(String room, @Nullable Long message, @Nullable String agent) {
    }

    private record Due(long at, long seq, Key key) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private final Clock clock;
    private final Scheduler scheduler;
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    private final TreeSet<Due> queue = new TreeSet<>();
    private final Map<Key, Due> current = new HashMap<>();
    private @Nullable Handler handler;
    private long seq;
    private Scheduler.@Nullable Cancellable armed;
    private long armedAt = Long.MAX_VALUE;
    private volatile boolean closed;

    /** Deadlines timed on {@code scheduler}, read on {@code clock}. */
    public Deadlines(Clock clock, Scheduler scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Sets the handler (once, while wiring). */
    public void handler(Handler h) {
        this.handler = h;
    }

    /** Sets (or, with {@code null}, clears) the lease deadline of a message. */
    public void lease(String room, long messageId, @Nullable Instant at) {
        set(new Key(room, messageId, null), at);
    }

    /** Sets (or clears) the moment an agent goes offline unless it is heard from. */
    public void presence(String room, String agentId, @Nullable Instant at) {
        set(new Key(room, null, agentId), at);
    }

    /** Tracks an agent's presence deadline from its record (none while it waits: a wait keeps it online). */
    public void presence(String room, AgentRecord a, long ttlMs) {
        presence(room, a.id(), a.status() == dev.agentsync.core.AgentStatus.WAITING ? null : a.offlineAt(ttlMs));
    }

    /** The first time this process touches {@code room}: load its deadlines from {@code v}. */
    public void touch(String room, RoomView v) {
        if (!loaded.contains(room)) {
            reload(room, v);
        }
    }

    /** Loads every deadline of {@code room} from {@code v} (after a commit made elsewhere, or the first touch). */
    public void reload(String room, RoomView v) {
        loaded.add(room);
        Instant now = Times.now(clock);
        long ttl = v.room().settings().presenceTtlMs();
        for (var m : v.heldMessages()) {
            if (m.leaseExpiresAt() != null) {
                lease(room, m.id(), m.leaseExpiresAt());
            }
        }
        for (AgentRecord a : v.agents()) {
            if (a.online(now, ttl)) {
                presence(room, a, ttl);
            }
        }
    }

    /** Deadlines pending (for tests). */
    public synchronized int pending() {
        return queue.size();
    }

    /** Stops the timer. */
    public void close() {
        closed = true;
        Scheduler.Cancellable a;
        synchronized (this) {
            a = armed;
            armed = null;
            queue.clear();
            current.clear();
        }
        if (a != null) {
            a.cancel();
        }
    }

    private void set(Key key, @Nullable Instant at) {
        if (closed) {
            return;
        }
        synchronized (this) {
            Due old = current.remove(key);
            if (old != null) {
                queue.remove(old);
            }
            if (at != null) {
                Due d = new Due(at.toEpochMilli(), seq++, key);
                current.put(key, d);
                queue.add(d);
            }
        }
        arm();
    }

    /** Arms the one timer for the earliest deadline, when it is earlier than the one armed. */
    private void arm() {
        Scheduler.Cancellable old = null;
        long delay;
        synchronized (this) {
            if (closed || queue.isEmpty()) {
                return;
            }
            long first = queue.first().at();
            if (armed != null && armedAt <= first) {
                return;
            }
            old = armed;
            armedAt = first;
            delay = Math.max(0, first - clock.millis());
            armed = null;
        }
        if (old != null) {
            old.cancel();
        }
        long at = armedAt;
        Scheduler.Cancellable c = scheduler.schedule(delay, () -> fire(at));
        synchronized (this) {
            if (armedAt == at && armed == null) {
                armed = c;
                return;
            }
        }
        c.cancel(); // superseded meanwhile by an earlier deadline
    }

    private void fire(long at) {
        List<Key> due = new ArrayList<>();
        synchronized (this) {
            if (armedAt != at) {
                return;
            }
            armed = null;
            armedAt = Long.MAX_VALUE;
            long now = clock.millis();
            while (!queue.isEmpty() && queue.first().at() <= now) {
                Due d = queue.pollFirst();
                current.remove(d.key());
                due.add(d.key());
            }
        }
        Handler h = handler;
        for (Key k : due) {
            if (closed || h == null) {
                break;
            }
            try {
                if (k.message() != null) {
                    h.leaseDue(k.room(), k.message());
                } else {
                    h.presenceDue(k.room(), k.agent());
                }
            } catch (RuntimeException e) {
                // the room is gone or the store failed: the next commit or touch reloads what is left
            }
        }
        arm();
    }
}
