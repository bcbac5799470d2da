package dev.agentsync.core.internal.wait;

import dev.agentsync.core.CelErrorException;
import dev.agentsync.core.Included;
import dev.agentsync.core.Scheduler;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.Times;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.internal.Cel;
import dev.agentsync.core.internal.CelContext;
import dev.agentsync.core.internal.Json;
import dev.agentsync.core.spi.Store;
import java.time.Clock;
import dev.agentsync.core.spi.RoomView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The pending waits, per room, grouped by condition text: a commit evaluates each distinct condition once,
 * however many waiters share it. Nothing polls and no waiter holds a thread: a wait is a future, completed
 * by the commit that makes its condition true, by its timer, or cancelled by its client.
 *
 * <p>Evaluation runs inside the committing unit of work, on exactly what it commits; the futures are completed
 * only after the unit has committed (and put back if it did not). A waiter's agent is restored to its previous
 * status before its future completes, so whoever reads the result sees the presence already settled.
 */
public final class WaitRegistry {
    /** Puts agents whose last wait ended back to the status they had before it (a unit of work of the room). */
    @FunctionalInterface
    public interface AgentRestorer {
        /** Restores {@code agentIds} in {@code room}; an empty list does nothing. */
        void restore(String room, List<String> agentIds);
    }

    private final Clock clock;
    private final Cel cel;
    private final Scheduler scheduler;
    private final Store store;
    private final AgentRestorer restorer;
    private final ConcurrentHashMap<String, RoomWaits> rooms = new ConcurrentHashMap<>();

    /** A registry timing waits on {@code scheduler}, reading rooms from {@code store} when a wait times out. */
    public WaitRegistry(Clock clock, Cel cel, Scheduler scheduler, Store store, AgentRestorer restorer) {
        this.clock = clock;
        this.cel = cel;
        this.scheduler = scheduler;
        this.store = store;
        this.restorer = restorer;
    }

    private static final class Group {
        final Cel.Compiled condition;
        final long afterRevision;
        final LinkedHashSet<Waiter> waiters = new LinkedHashSet<>();
        @Nullable String lastError;

        Group(Waiter first) {
            this.condition = first.condition;
            this.afterRevision = first.afterRevision;
        }
    }

    private static final class RoomWaits {
        final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();
        final Map<String, Integer> agentWaits = new HashMap<>();
        volatile int count;
    }

    /** A waiter whose condition held, with its result, waiting for the commit to land. */
    public record Fired(Waiter waiter, WaitResult result) {
    }

    public boolean active(String room) {
        RoomWaits rw = rooms.get(room);
        return rw != null && rw.count > 0;
    }

    /** The rooms that have waits in flight. */
    public List<String> rooms() {
        List<String> out = new ArrayList<>();
        rooms.forEach((room, rw) -> {
            if (rw.count > 0) {
                out.add(room);
            }
        });
        return out;
    }

    public int count(String room) {
        RoomWaits rw = rooms.get(room);
        return rw == null ? 0 : rw.count;
    }

    private long elapsed(Waiter w) {
        return Math.max(0, clock.millis() - w.startMillis);
    }

    /**
     * Evaluates {@code w} on {@code v}; registers it when the condition does not hold yet. Runs inside a unit
     * of work of the room, so no commit can fall between this evaluation and the registration.
     *
     * @return true when the condition held already (the waiter is not registered and will complete at once)
     */
    boolean register(Waiter w, RoomView v) {
        RoomWaits rw = rooms.computeIfAbsent(w.room, k -> new RoomWaits());
        synchronized (rw) {
            CelContext ctx = new CelContext(v, cel, Times.now(clock));
            String error = null;
            Object value = null;
            try {
                value = ctx.eval(w.condition);
            } catch (CelErrorException e) {
                error = e.detail();
            }
            if (Boolean.TRUE.equals(value) && v.revision() > w.afterRevision) {
                w.immediate = new WaitResult(true, w.condition.text(), Json.fromCel(value), v.revision(), elapsed(w), null,
                        Includes.project(w.include, ctx), w.timeoutMillis);
                return true;
            }
            Group g = rw.groups.computeIfAbsent(w.groupKey, k -> new Group(w));
            g.lastError = error;
            g.waiters.add(w);
            rw.count++;
            return false;
        }
    }

    /** Counts a wait of {@code w}'s agent as in flight (its status shows {@code waiting}). */
    void agentWaitStarted(Waiter w) {
        RoomWaits rw = rooms.get(w.room);
        synchronized (rw) {
            rw.agentWaits.merge(w.agent, 1, Integer::sum);
            w.agentCounted = true;
        }
    }

    /** Arms the timer, or completes at once a waiter whose condition held already. */
    void started(Waiter w, long timeoutMillis) {
        if (w.immediate != null) {
            w.future().complete(w.immediate);
            return;
        }
        w.future().whenComplete((r, ex) -> {
            Scheduler.Cancellable t = w.timer;
            if (t != null) {
                t.cancel();
            }
            if (ex instanceof CancellationException) { // the client went away
                unregister(w);
                endAgentWait(w);
            }
        });
        // The deadline counts from the wait's start, not from now: the agent shows 'waiting' as soon as the registration
        // commits, so a clock that moves between then and here must not push the timeout later.
        long delay = Math.max(0, w.startMillis + timeoutMillis - clock.millis());
        Scheduler.Cancellable t = scheduler.schedule(delay, () -> timeout(w));
        w.timer = t;
        if (w.future().isDone()) {
            t.cancel();
        }
    }

    /** Forgets a waiter whose registration failed. */
    void abandon(Waiter w) {
        unregister(w);
        endAgentWait(w);
    }

    private @Nullable Group unregister(Waiter w) {
        RoomWaits rw = rooms.get(w.room);
        if (rw == null) {
            return null;
        }
        synchronized (rw) {
            Group g = rw.groups.get(w.groupKey);
            if (g == null || !g.waiters.remove(w)) {
                return null;
            }
            rw.count--;
            if (g.waiters.isEmpty()) {
                rw.groups.remove(w.groupKey);
            }
            return g;
        }
    }

    private void endAgentWait(Waiter w) {
        if (w.agent == null) {
            return;
        }
        RoomWaits rw = rooms.get(w.room);
        if (rw == null) {
            return;
        }
        boolean restore;
        synchronized (rw) {
            restore = takeAgent(rw, w);
        }
        if (restore) {
            restorer.restore(w.room, List.of(w.agent));
        }
    }

    /** Under rw's lock: true when {@code w} was its agent's last wait in flight. */
    private static boolean takeAgent(RoomWaits rw, Waiter w) {
        if (!w.agentCounted) {
            return false;
        }
        w.agentCounted = false;
        int left = rw.agentWaits.merge(w.agent, -1, Integer::sum);
        if (left <= 0) {
            rw.agentWaits.remove(w.agent);
            return true;
        }
        return false;
    }

    private void timeout(Waiter w) {
        if (w.future().isDone()) {
            return;
        }
        Group g = unregister(w);
        if (g == null) {
            return; // fired by a commit that is delivering it now
        }
        String lastError = g.lastError;
        WaitResult r;
        try {
            r = store.read(w.room, v -> new WaitResult(false, w.condition.text(), null, v.revision(), elapsed(w),
                    lastError, Includes.project(w.include, new CelContext(v, cel, Times.now(clock))), w.timeoutMillis));
        } catch (SyncException e) {
            r = new WaitResult(false, w.condition.text(), null, -1, elapsed(w), e.getMessage(), Included.NONE, w.timeoutMillis);
        }
        endAgentWait(w);
        w.future().complete(r);
    }

    /**
     * Evaluates every pending condition of the room once on {@code v}, which is what is committing as
     * {@code revision}; removes the groups that hold and returns their waiters with their results.
     */
    public List<Fired> evaluate(String room, RoomView v, long revision) {
        RoomWaits rw = rooms.get(room);
        if (rw == null) {
            return List.of();
        }
        synchronized (rw) {
            if (rw.groups.isEmpty()) {
                return List.of();
            }
            CelContext ctx = new CelContext(v, cel, Times.now(clock));
            List<Fired> out = new ArrayList<>();
            for (Iterator<Group> it = rw.groups.values().iterator(); it.hasNext(); ) {
                Group g = it.next();
                if (revision <= g.afterRevision) {
                    continue;
                }
                Object value;
                try {
                    value = ctx.eval(g.condition);
                    g.lastError = null;
                } catch (CelErrorException e) {
                    g.lastError = e.detail();
                    continue;
                }
                if (!Boolean.TRUE.equals(value)) {
                    continue;
                }
                it.remove();
                rw.count -= g.waiters.size();
                Map<String, Included> shared = new HashMap<>();
                for (Waiter w : g.waiters) {
                    Included inc = shared.computeIfAbsent(w.include.key(), k -> Includes.project(w.include, ctx));
                    out.add(new Fired(w, new WaitResult(true, g.condition.text(), Json.fromCel(value), revision, elapsed(w),
                            null, inc, w.timeoutMillis)));
                }
            }
            return out;
        }
    }

    /** Puts back waiters fired by a unit that did not commit. */
    public void rollback(String room, List<Fired> fired) {
        if (fired.isEmpty()) {
            return;
        }
        RoomWaits rw = rooms.get(room);
        synchronized (rw) {
            for (Fired f : fired) {
                Waiter w = f.waiter();
                if (!w.future().isDone()) {
                    rw.groups.computeIfAbsent(w.groupKey, k -> new Group(w)).waiters.add(w);
                    rw.count++;
                }
            }
        }
    }

    /** After the commit landed: restores the agents of the fired waiters, then completes them. */
    public void deliver(String room, List<Fired> fired) {
        if (fired.isEmpty()) {
            return;
        }
        RoomWaits rw = rooms.get(room);
        List<String> restore = new ArrayList<>();
        synchronized (rw) {
            for (Fired f : fired) {
                if (f.waiter().agent != null && takeAgent(rw, f.waiter())) {
                    restore.add(f.waiter().agent);
                }
            }
        }
        restorer.restore(room, restore);
        for (Fired f : fired) {
            f.waiter().future().complete(f.result());
        }
    }

    /** Ends every wait with {@code triggered=false} (shutdown). */
    public void closeAll() {
        for (RoomWaits rw : rooms.values()) {
            List<Waiter> all = new ArrayList<>();
            synchronized (rw) {
                for (Group g : rw.groups.values()) {
                    all.addAll(g.waiters);
                }
            }
            for (Waiter w : all) {
                timeout(w);
            }
        }
    }
}
