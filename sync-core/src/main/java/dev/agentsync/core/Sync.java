package dev.agentsync.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.internal.DefaultScheduler;
import dev.agentsync.core.internal.Engine;
import dev.agentsync.core.spi.Store;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The agent-sync entry point: rooms where agents register, share versioned state, exchange messages,
 * claim work and wait for each other. Thread-safe; one instance per store.
 *
 * <pre>{@code
 * try (Sync sync = Sync.builder().store(new MemoryStore()).build()) {
 *     sync.createRoom("demo");
 *     Joined alice = sync.join("demo", JoinRequest.of("alice"));
 *     sync.write("demo", Write.of("phase", "planning").ifVersion(0), alice.caller());
 *     sync.write("demo", Write.increment("turn", 1), alice.caller());
 *     WaitResult r = sync.await("demo", WaitRequest.until("state._shared.turn >= 1")).join();
 * }
 * }</pre>
 *
 * <p>Every call that acts as an agent takes a {@link Caller}: anonymous (identity unverified) or the bearer
 * of the token a join returned. Errors are {@link SyncException}s whose {@link ErrorCode} is the wire's
 * {@code error} string.
 */
public final class Sync implements AutoCloseable {
    private final Engine engine;
    private final Store store;
    private final @Nullable AutoCloseable ownedScheduler;

    private Sync(Builder b) {
        this.store = b.store;
        Clock clock = b.clock != null ? b.clock : Clock.systemUTC();
        Scheduler scheduler = b.scheduler;
        if (scheduler == null && clock instanceof Scheduler) {
            scheduler = (Scheduler) clock;
        }
        DefaultScheduler own = null;
        if (scheduler == null) {
            own = new DefaultScheduler();
            scheduler = own;
        }
        this.ownedScheduler = own;
        this.engine = new Engine(b.store, clock, scheduler, b.limits != null ? b.limits : Limits.defaults(),
                b.requireAuth != null && b.requireAuth);
    }

    /** A builder; {@link Builder#store(Store)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The limits in force. */
    public Limits limits() {
        return engine.limits();
    }

    /** True when every mutation needs a bearer token. */
    public boolean requiresAuth() {
        return engine.requiresAuth();
    }

    // ---------------------------------------------------------------- rooms

    /** Creates a room with a random UUID id. */
    public RoomInfo createRoom() {
        return engine.createRoom(null, null);
    }

    /** Creates a room. @throws SyncException {@code room_exists}, {@code invalid_id} */
    public RoomInfo createRoom(String id) {
        return engine.createRoom(Objects.requireNonNull(id, "id"), null);
    }

    /** Creates a room; a {@code null} id means a random UUID, a {@code null} meta an empty object. */
    public RoomInfo createRoom(@Nullable String id, @Nullable ObjectNode meta) {
        return engine.createRoom(id, meta);
    }

    /** One room. */
    public Optional<RoomInfo> room(String id) {
        return engine.room(id);
    }

    /** The rooms in which the caller's token is registered. @throws SyncException {@code authentication_required} */
    public List<RoomInfo> rooms(Caller caller) {
        return engine.rooms(caller);
    }

    // ---------------------------------------------------------------- agents

    /** Joins a room; the returned token is shown this once. */
    public Joined join(String room, JoinRequest request) {
        return engine.join(room, request, Caller.anonymous());
    }

    /** Joins, or re-joins presenting the agent's current token, which rotates it. */
    public Joined join(String room, JoinRequest request, Caller caller) {
        return engine.join(room, request, caller);
    }

    /** The room's agents, in join order. */
    public List<Agent> agents(String room) {
        return engine.agents(room);
    }

    /** An explicit heartbeat; {@code status} is {@code active}, {@code idle}, {@code busy} or {@code done} ({@code null}: active). */
    public Agent heartbeat(String room, String agent, @Nullable String status, Caller caller) {
        return engine.heartbeat(room, agent, status, caller);
    }

    // ---------------------------------------------------------------- state

    /** One write, anonymous. */
    public WriteResult write(String room, Write write) {
        return engine.write(room, write, Caller.anonymous());
    }

    /** One write with its optional CAS ({@code ifVersion}), gate ({@code when}) and increment. */
    public WriteResult write(String room, Write write, Caller caller) {
        return engine.write(room, write, caller);
    }

    /** An all-or-nothing batch, anonymous, ungated. */
    public BatchResult batch(String room, List<Write> writes) {
        return engine.batch(room, writes, null, Caller.anonymous());
    }

    /** An all-or-nothing batch; {@code gate} is checked on the state before it. */
    public BatchResult batch(String room, List<Write> writes, @Nullable String gate, Caller caller) {
        return engine.batch(room, writes, gate, caller);
    }

    /** Deletes an entry; {@code ifVersion} as for writes. */
    public DeleteResult delete(String room, String scope, String key, @Nullable Long ifVersion, Caller caller) {
        return engine.delete(room, scope, key, ifVersion, caller);
    }

    /** Entries matching the query, ordered by scope then key. */
    public List<Entry> state(String room, StateQuery query) {
        return engine.state(room, query);
    }

    /** One entry (a view with its resolved value). */
    public Optional<Entry> entry(String room, String scope, String key) {
        return engine.entry(room, scope, key, true);
    }

    /** Evaluates a CEL expression against the room. @throws CelErrorException when evaluation fails */
    public EvalResult eval(String room, String expr) {
        return engine.eval(room, expr, null, Caller.anonymous());
    }

    /** Evaluates as {@code agent} (a heartbeat for it). */
    public EvalResult eval(String room, String expr, @Nullable String agent, Caller caller) {
        return engine.eval(room, expr, agent, caller);
    }

    // ---------------------------------------------------------------- messages

    /** Posts a message, anonymous. */
    public Message post(String room, NewMessage message) {
        return engine.post(room, message, Caller.anonymous());
    }

    /** Posts a message; with a token, {@code from} defaults to (and must be) the token's agent. */
    public Message post(String room, NewMessage message, Caller caller) {
        return engine.post(room, message, caller);
    }

    /** Messages matching the query, in id order. */
    public List<Message> messages(String room, MessageQuery query) {
        return engine.messages(room, query);
    }

    /** Claims a message for {@code agent}. @throws AlreadyClaimedException when another agent was first */
    public ClaimResult claim(String room, long messageId, String agent) {
        return engine.claim(room, messageId, agent, Caller.anonymous());
    }

    /** Claims a message for {@code agent}, which must be the caller's own agent when a token is given. */
    public ClaimResult claim(String room, long messageId, String agent, Caller caller) {
        return engine.claim(room, messageId, agent, caller);
    }

    // ---------------------------------------------------------------- waits

    /** Waits for a condition, anonymous. */
    public CompletableFuture<WaitResult> await(String room, WaitRequest request) {
        return engine.await(room, request, Caller.anonymous());
    }

    /**
     * Waits until the request's condition is true on the room, or its timeout passes. No thread is held: the
     * future completes from the commit that makes the condition true. Cancel it to give up; the waiting
     * agent's status is restored either way.
     *
     * @throws InvalidCelException at once for an expression that does not compile
     */
    public CompletableFuture<WaitResult> await(String room, WaitRequest request, Caller caller) {
        return engine.await(room, request, caller);
    }

    /** Waits in flight in a room. */
    public int waiting(String room) {
        return engine.waiting(room);
    }

    /** How many CEL evaluations this instance has run (for tests and metrics). */
    public long celEvaluations() {
        return engine.cel().evaluations();
    }

    /** Answers every wait in flight with {@code triggered=false}, refuses new work, closes the store. */
    @Override
    public void close() {
        engine.close();
        store.close();
        if (ownedScheduler != null) {
            try {
                ownedScheduler.close();
            } catch (Exception e) {
                // a timer thread cannot fail to stop
            }
        }
    }

    /** Builds a {@link Sync}. Each option may be set once. */
    public static final class Builder {
        private @Nullable Store store;
        private @Nullable Clock clock;
        private @Nullable Scheduler scheduler;
        private @Nullable Limits limits;
        private @Nullable Boolean requireAuth;

        private Builder() {
        }

        private static void once(@Nullable Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set on this builder");
            }
        }

        /** The store (required). */
        public Builder store(Store s) {
            once(store, "store");
            store = Objects.requireNonNull(s, "store");
            return this;
        }

        /** The clock for timestamps and wait timing (default: system UTC). A clock that is also a {@link Scheduler} times the waits too. */
        public Builder clock(Clock c) {
            once(clock, "clock");
            clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The timer for wait timeouts (default: one daemon thread). */
        public Builder scheduler(Scheduler s) {
            once(scheduler, "scheduler");
            scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /** The limits (default: {@link Limits#defaults()}). */
        public Builder limits(Limits l) {
            once(limits, "limits");
            limits = Objects.requireNonNull(l, "limits");
            return this;
        }

        /** Require a bearer token on every mutation (default false, the original's opt-in model). */
        public Builder requireAuth(boolean on) {
            once(requireAuth, "requireAuth");
            requireAuth = on;
            return this;
        }

        /**
         * Builds the instance.
         *
         * @throws IllegalStateException when no store was set, or a custom clock comes without a scheduler on
         *                               the same time
         */
        public Sync build() {
            if (store == null) {
                throw new IllegalStateException("store is required: Sync.builder().store(new MemoryStore()).build()");
            }
            if (clock != null && scheduler == null && !(clock instanceof Scheduler) && !clock.equals(Clock.systemUTC())) {
                throw new IllegalStateException("a custom clock needs a scheduler on the same time: add .scheduler(...)"
                        + " (or pass a clock that implements Scheduler), else wait timeouts would run on real time");
            }
            return new Sync(this);
        }
    }
}
