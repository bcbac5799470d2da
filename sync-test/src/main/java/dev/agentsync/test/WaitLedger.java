package dev.agentsync.test;

import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The waits that a kit-built {@link Sync} has parked: each {@code await} call is recorded when it has returned a
 * future that is not done yet, and forgotten when that future completes. By the time {@code await} returns the core
 * has registered the waiter, marked its agent {@code waiting} and armed its timeout on the scheduler, so a wait
 * listed here is woken by the next write that makes its condition true and times out on the next
 * {@link ManualClock#advance} that reaches its timeout. Watching only the agent's status would not be enough: the
 * status is committed a moment before the timer is armed, and an advance in that moment would be lost.
 *
 * <p>Threads that wait for an entry block on this ledger's monitor and are woken by every change: no polling.
 */
final class WaitLedger {
    /** One wait in flight: its room, its agent ({@code null}: anonymous), its condition, when and where it began. */
    record Parked(String room, @Nullable String agent, String condition, Instant since, String thread) {
        @Override
        public String toString() {
            return (agent == null ? "(anonymous)" : agent) + " on `" + condition + "` since " + since + " [thread " + thread + "]";
        }
    }

    private final Clock clock;
    private final List<Parked> parked = new ArrayList<>(); // guarded by this

    private WaitLedger(Clock clock) {
        this.clock = clock;
    }

    /** {@code delegate} with every wait it parks recorded in a new ledger. */
    static Sync track(Sync delegate, Clock clock) {
        WaitLedger ledger = new WaitLedger(clock);
        return (Sync) Proxy.newProxyInstance(Sync.class.getClassLoader(), new Class<?>[] {Sync.class}, new Tracking(delegate, ledger));
    }

    /** The ledger of a Sync built by {@link #track}, if it is one. */
    static Optional<WaitLedger> of(Sync sync) {
        if (Proxy.isProxyClass(sync.getClass()) && Proxy.getInvocationHandler(sync) instanceof Tracking t) {
            return Optional.of(t.ledger);
        }
        return Optional.empty();
    }

    private void record(String room, WaitRequest request, CompletableFuture<?> future) {
        Parked p = new Parked(room, request.agent(), request.condition(), clock.instant(), Thread.currentThread().getName());
        synchronized (this) {
            parked.add(p);
            notifyAll();
        }
        future.whenComplete((r, e) -> forget(p)); // at once if it completed meanwhile
    }

    private synchronized void forget(Parked p) {
        parked.remove(p);
        notifyAll();
    }

    /** The waits in flight in {@code room}, oldest first. */
    synchronized List<Parked> in(String room) {
        List<Parked> out = new ArrayList<>();
        for (Parked p : parked) {
            if (p.room().equals(room)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Blocks until {@code done} holds for the waits in flight in {@code room}, or {@code bound} passes.
     *
     * @return whether it held
     */
    boolean awaitUntil(String room, Predicate<List<Parked>> done, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (this) {
            while (!done.test(in(room))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000), 0); // woken by every change; the bound is only a bound
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return done.test(in(room));
                }
            }
            return true;
        }
    }

    /** Forwards every call; records the futures that {@code await} returns. */
    private static final class Tracking implements InvocationHandler {
        private final Sync delegate;
        private final WaitLedger ledger;

        Tracking(Sync delegate, WaitLedger ledger) {
            this.delegate = delegate;
            this.ledger = ledger;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return args != null && proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "toString":
                        return "Sync(tracked by sync-test)[" + delegate + "]";
                    default:
                        break;
                }
            }
            Object result;
            try {
                result = method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("await") && args != null && args.length >= 2 && args[0] instanceof String room
                    && args[1] instanceof WaitRequest request && result instanceof CompletableFuture<?> f && !f.isDone()) {
                ledger.record(room, request, f);
            }
            return result;
        }
    }
}
