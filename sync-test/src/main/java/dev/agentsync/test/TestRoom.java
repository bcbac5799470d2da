package dev.agentsync.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.Agent;
import dev.agentsync.core.AgentStatus;
import dev.agentsync.core.CelErrorException;
import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.Joined;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.Sync;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.SyncJson;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.opentest4j.AssertionFailedError;

/**
 * A room under test, with what a test needs to be sure of the room without sleeping: wait until an agent is
 * parked in its wait ({@link #awaitParked}), until N waits are ({@link #awaitWaits}), take a
 * {@link #snapshot()}, and assert on state with failures that show the whole room.
 *
 * <p>"Parked" means what a test needs before the write that should wake the wait, or the
 * {@link ManualClock#advance} that should time it out: the wait is registered with the core and its timeout is
 * armed. For a {@code Sync} from {@link SyncFixture} (what {@link SyncExtension} injects) the kit knows this
 * exactly, and a waiting test thread is woken by the wait's start, never by polling. For any other {@code Sync}
 * the kit can only read the room (the agent's status is {@code waiting}, {@link Sync#waiting} counts the wait):
 * it polls under the bound with {@code Thread.onSpinWait} and short parks, and the timeout may be armed a moment
 * after; drive time only through a kit-built {@code Sync}.
 *
 * <p>Every wait is bounded in real time ({@link #DEFAULT_BOUND} unless given): a wait that never starts fails the
 * test with the waits in flight and the room, instead of hanging it.
 */
public final class TestRoom {
    /** How long the {@code await...} helpers wait for what they expect when no bound is given. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

    private final Sync sync;
    private final String id;
    private final Optional<WaitLedger> ledger;

    private TestRoom(Sync sync, String id) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.id = Objects.requireNonNull(id, "id");
        this.ledger = WaitLedger.of(sync);
    }

    /** The room {@code id} of {@code sync} (which need not exist yet). */
    public static TestRoom of(Sync sync, String id) {
        return new TestRoom(sync, id);
    }

    /** The room id. */
    public String id() {
        return id;
    }

    /** The instance the room lives in. */
    public Sync sync() {
        return sync;
    }

    /** Joins the room as {@code agent}; the result holds its token ({@link Joined#caller()}). */
    public Joined join(String agent) {
        return sync.join(id, JoinRequest.of(agent));
    }

    // ---------------------------------------------------------------- parked waits

    /** Blocks until {@code agent} is parked in a wait in this room, at most {@link #DEFAULT_BOUND}. */
    public TestRoom awaitParked(String agent) {
        return awaitParked(agent, c -> true, DEFAULT_BOUND);
    }

    /** Blocks until {@code agent} is parked in a wait in this room, at most {@code bound}. */
    public TestRoom awaitParked(String agent, Duration bound) {
        return awaitParked(agent, c -> true, bound);
    }

    /**
     * Blocks until {@code agent} is parked in a wait on a condition that {@code on} accepts (an agent that waits
     * several times in turn is caught in the right one), at most {@code bound}.
     *
     * @throws AssertionFailedError when it is not, listing the waits in flight and the room
     */
    public TestRoom awaitParked(String agent, Predicate<String> on, Duration bound) {
        Objects.requireNonNull(agent, "agent");
        boolean ok;
        if (ledger.isPresent()) {
            ok = ledger.get().awaitUntil(id, ps -> ps.stream().anyMatch(p -> agent.equals(p.agent()) && on.test(p.condition())), bound);
        } else {
            ok = poll(() -> agentWaiting(agent, on), bound);
        }
        if (!ok) {
            throw failure("agent '" + agent + "' did not park in a wait in room '" + id + "' within " + bound + parkedNow());
        }
        return this;
    }

    /** Blocks until at least {@code n} waits are parked in this room, at most {@link #DEFAULT_BOUND}. */
    public TestRoom awaitWaits(int n) {
        return awaitWaits(n, DEFAULT_BOUND);
    }

    /**
     * Blocks until at least {@code n} waits (of agents or anonymous) are parked in this room, at most {@code bound}.
     *
     * @throws AssertionFailedError when they are not, listing the waits in flight and the room
     */
    public TestRoom awaitWaits(int n, Duration bound) {
        boolean ok = ledger.isPresent()
                ? ledger.get().awaitUntil(id, ps -> ps.size() >= n, bound)
                : poll(() -> sync.waiting(id) >= n, bound);
        if (!ok) {
            throw failure(n + " wait(s) were not parked in room '" + id + "' within " + bound + parkedNow());
        }
        return this;
    }

    /** {@link #awaitDone(Future, Duration)} with {@link #DEFAULT_BOUND}. */
    public <T> T awaitDone(Future<T> work) {
        return awaitDone(work, DEFAULT_BOUND);
    }

    /**
     * The result of an agent's work running on another thread (after the advance or write that lets it finish),
     * waiting at most {@code bound} for it: a test that would otherwise hang fails instead, listing what is still
     * parked and the room. An exception of the work is rethrown as it is (wrapped only when checked).
     */
    public <T> T awaitDone(Future<T> work, Duration bound) {
        try {
            return work.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw failure("the work did not complete within " + bound + parkedNow());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the work to complete" + parkedNow());
        }
    }

    private boolean agentWaiting(String agent, Predicate<String> on) {
        try {
            for (Agent a : sync.agents(id)) {
                if (a.id().equals(agent) && a.status() == AgentStatus.WAITING && a.waitingOn() != null && on.test(a.waitingOn())) {
                    return true;
                }
            }
        } catch (SyncException roomNotThereYet) {
            return false;
        }
        return false;
    }

    /** Polls a condition that only other threads can make true and nothing signals: spins, then parks briefly. */
    private static boolean poll(BooleanSupplier done, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        long park = 10_000;
        for (int spins = 0; !done.getAsBoolean(); spins++) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (spins < 200) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, 1_000_000);
            }
            if (Thread.currentThread().isInterrupted()) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    private String parkedNow() {
        if (ledger.isPresent()) {
            List<WaitLedger.Parked> ps = ledger.get().in(id);
            StringBuilder b = new StringBuilder("; parked now:").append(ps.isEmpty() ? " nothing" : "");
            for (WaitLedger.Parked p : ps) {
                b.append("\n  ").append(p);
            }
            return b.toString();
        }
        return "; the agents' presence is in the room below";
    }

    // ---------------------------------------------------------------- snapshot and assertions

    /** The room as it is now. */
    public RoomSnapshot snapshot() {
        return RoomSnapshot.of(sync, id);
    }

    /** Asserts {@code _shared.key} holds {@code expected} (numbers compare by value: 1 equals 1.0). */
    public TestRoom assertState(String key, Object expected) {
        return assertState(Scopes.SHARED, key, expected);
    }

    /** Asserts {@code scope.key} holds {@code expected}, converted to JSON (numbers compare by value). */
    public TestRoom assertState(String scope, String key, Object expected) {
        JsonNode want = expected instanceof JsonNode j ? j : SyncJson.MAPPER.valueToTree(expected);
        RoomSnapshot s = snapshot();
        Optional<JsonNode> got = s.value(scope, key);
        if (got.isEmpty() || !Json.sameValue(want, got.get())) {
            throw new AssertionFailedError("expected " + scope + "." + key + " = " + want + " but "
                    + got.map(v -> "it was " + v).orElse("there is no such entry") + "\n" + s, want, got.orElse(null));
        }
        return this;
    }

    /** Asserts that the CEL {@code condition} is true on the room now (an evaluation error fails too). */
    public TestRoom assertHolds(String condition) {
        JsonNode value;
        try {
            value = sync.eval(id, condition).value();
        } catch (CelErrorException e) {
            throw failure("`" + condition + "` did not evaluate: " + e.getMessage());
        }
        if (!(value.isBoolean() && value.booleanValue())) {
            throw failure("expected `" + condition + "` to hold, but it is " + value);
        }
        return this;
    }

    /** Asserts that {@code agent}'s status is {@code status}. */
    public TestRoom assertStatus(String agent, AgentStatus status) {
        RoomSnapshot s = snapshot();
        Optional<AgentStatus> got = s.agent(agent).map(Agent::status);
        if (got.isEmpty() || got.get() != status) {
            throw new AssertionFailedError("expected agent '" + agent + "' to be " + status.wire() + " but "
                    + got.map(st -> "it is " + st.wire()).orElse("there is no such agent") + "\n" + s);
        }
        return this;
    }

    /** An assertion failure whose message is {@code message} followed by the room as it is now. */
    public AssertionFailedError failure(String message) {
        return new AssertionFailedError(message + "\n" + describe());
    }

    /** The room rendered for a failure message (or why it cannot be read). */
    public String describe() {
        try {
            return snapshot().toString();
        } catch (RuntimeException e) {
            return "(room '" + id + "' cannot be read: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "TestRoom[" + id + "]";
    }
}
