package dev.agentsync.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.internal.DefaultScheduler;
import dev.agentsync.core.internal.LocalSync;
import dev.agentsync.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>{@link #builder()} builds the in-process implementation over a {@link Store}; other implementations (a client
 * of a remote server) keep exactly these semantics, so code written against this interface runs on either.
 */
public interface Sync extends AutoCloseable {
    /** A builder; {@link Builder#store(Store)} is required. */
    static Builder builder() {
        return new Builder();
    }

    /** The limits in force. */
    Limits limits();

    /** True when every mutation needs a bearer token. */
    boolean requiresAuth();

    // ---------------------------------------------------------------- rooms

    /** Creates a room with a random UUID id. */
    default RoomInfo createRoom() {
        return createRoom(null, null);
    }

    /** Creates a room. @throws SyncException {@code room_exists}, {@code invalid_id} */
    default RoomInfo createRoom(String id) {
        return createRoom(Objects.requireNonNull(id, "id"), null);
    }

    /** Creates a room with the default settings; a {@code null} id means a random UUID, a {@code null} meta an empty object. */
    default RoomInfo createRoom(@Nullable String id, @Nullable ObjectNode meta) {
        return createRoom(id, meta, RoomSettings.defaults());
    }

    /**
     * Creates a room with its settings, fixed from now on (claim lease, delivery limit, presence TTL, ...).
     *
     * @throws SyncException {@code room_exists}, {@code invalid_id}
     */
    RoomInfo createRoom(@Nullable String id, @Nullable ObjectNode meta, RoomSettings settings);

    /** One room. */
    Optional<RoomInfo> room(String id);

    /** The rooms in which the caller's token is registered. @throws SyncException {@code authentication_required} */
    List<RoomInfo> rooms(Caller caller);

    // ---------------------------------------------------------------- agents

    /** Joins a room; the returned token is shown this once. */
    default Joined join(String room, JoinRequest request) {
        return join(room, request, Caller.anonymous());
    }

    /** Joins, or re-joins presenting the agent's current token, which rotates it. */
    Joined join(String room, JoinRequest request, Caller caller);

    /** The room's agents, in join order. */
    List<Agent> agents(String room);

    /** An explicit heartbeat; {@code status} is {@code active}, {@code idle}, {@code busy} or {@code done} ({@code null}: active). */
    Agent heartbeat(String room, String agent, @Nullable String status, Caller caller);

    // ---------------------------------------------------------------- state

    /** One write, anonymous. */
    default WriteResult write(String room, Write write) {
        return write(room, write, Caller.anonymous());
    }

    /** One write with its optional CAS ({@code ifVersion}), gate ({@code when}) and increment. */
    WriteResult write(String room, Write write, Caller caller);

    /** An all-or-nothing batch, anonymous, ungated. */
    default BatchResult batch(String room, List<Write> writes) {
        return batch(room, writes, null, Caller.anonymous());
    }

    /** An all-or-nothing batch; {@code gate} is checked on the state before it. */
    BatchResult batch(String room, List<Write> writes, @Nullable String gate, Caller caller);

    /** Deletes an entry; {@code ifVersion} as for writes. */
    DeleteResult delete(String room, String scope, String key, @Nullable Long ifVersion, Caller caller);

    /** Entries matching the query, ordered by scope then key. */
    List<Entry> state(String room, StateQuery query);

    /** One entry (a view with its resolved value). */
    Optional<Entry> entry(String room, String scope, String key);

    /** Evaluates a CEL expression against the room. @throws CelErrorException when evaluation fails */
    default EvalResult eval(String room, String expr) {
        return eval(room, expr, null, Caller.anonymous());
    }

    /** Evaluates as {@code agent} (a heartbeat for it). */
    EvalResult eval(String room, String expr, @Nullable String agent, Caller caller);

    // ---------------------------------------------------------------- messages

    /** Posts a message, anonymous. */
    default Message post(String room, NewMessage message) {
        return post(room, message, Caller.anonymous());
    }

    /** Posts a message; with a token, {@code from} defaults to (and must be) the token's agent. */
    Message post(String room, NewMessage message, Caller caller);

    /** Messages matching the query, in id order. */
    List<Message> messages(String room, MessageQuery query);

    /** Claims a message for {@code agent}. @throws AlreadyClaimedException when another agent was first */
    default ClaimResult claim(String room, long messageId, String agent) {
        return claim(room, messageId, agent, Caller.anonymous());
    }

    /** Claims a message for {@code agent} with the room's default lease. */
    default ClaimResult claim(String room, long messageId, String agent, Caller caller) {
        return claim(room, messageId, agent, null, caller);
    }

    /**
     * Claims a message for {@code agent} (the caller's own agent when a token is given): of any number of
     * concurrent claimers exactly one wins. {@code lease} (else the room's {@code claim_lease_ms}, else none)
     * bounds the claim: unless renewed — the holder claiming again — it ends by itself and the message is
     * claimable again. Each grant gets the next fence number.
     *
     * @throws AlreadyClaimedException    when another agent holds it
     * @throws AlreadyCompletedException  when it was completed
     * @throws MessageDeadException       when it used up its deliveries
     */
    ClaimResult claim(String room, long messageId, String agent, @Nullable Duration lease, Caller caller);

    /**
     * The holder gives the message back; it is claimable again (or dead, when that was its last delivery).
     *
     * @throws NotHolderException when {@code agent} does not hold it now
     */
    ReleaseResult release(String room, long messageId, String agent, Caller caller);

    /**
     * The holder marks the work done; the message is never claimable again. With {@code fence}, only if that is
     * the current grant.
     *
     * @throws NotHolderException   when {@code agent} does not hold it now
     * @throws StaleFenceException  when {@code fence} is not the current grant
     */
    CompleteResult complete(String room, long messageId, String agent, @Nullable Long fence, Caller caller);

    /**
     * The agent leaves: its token stops working, its claims are released, it disappears from the agents, and
     * its id may join again as a new agent.
     *
     * @throws SyncException {@code agent_not_found}, {@code identity_mismatch}
     */
    void leave(String room, String agent, Caller caller);

    // ---------------------------------------------------------------- waits

    /** Waits for a condition, anonymous. */
    default CompletableFuture<WaitResult> await(String room, WaitRequest request) {
        return await(room, request, Caller.anonymous());
    }

    /**
     * Waits until the request's condition is true on the room, or its timeout passes. No thread is held: the
     * future completes from the commit that makes the condition true. Cancel it to give up; the waiting
     * agent's status is restored either way.
     *
     * @throws InvalidCelException at once for an expression that does not compile
     */
    CompletableFuture<WaitResult> await(String room, WaitRequest request, Caller caller);

    /** Waits in flight in a room. */
    int waiting(String room);

    /** How many CEL evaluations this instance has run (for tests and metrics). */
    long celEvaluations();

    /** Answers every wait in flight with {@code triggered=false}, refuses new work, closes the store. */
    @Override
    void close();

    /** Builds a {@link Sync}. Each option may be set once. */
    final class Builder {
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
            Clock c = clock != null ? clock : Clock.systemUTC();
            Scheduler s = scheduler;
            if (s == null && c instanceof Scheduler) {
                s = (Scheduler) c;
            }
            DefaultScheduler own = null;
            if (s == null) {
                own = new DefaultScheduler();
                s = own;
            }
            return new LocalSync(store, c, s, limits != null ? limits : Limits.defaults(),
                    requireAuth != null && requireAuth, own);
        }
    }
}
