package dev.agentsync.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.Agent;
import dev.agentsync.core.BatchResult;
import dev.agentsync.core.Caller;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.CompleteResult;
import dev.agentsync.core.DeleteResult;
import dev.agentsync.core.Entry;
import dev.agentsync.core.EvalResult;
import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.Joined;
import dev.agentsync.core.Limits;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.ReleaseResult;
import dev.agentsync.core.RoomInfo;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.Scheduler;
import dev.agentsync.core.StateQuery;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.core.WriteResult;
import dev.agentsync.core.internal.wait.WaitRegistry;
import dev.agentsync.core.internal.wait.Waits;
import dev.agentsync.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The in-process {@link Sync}: wiring only. Each concept has its own class — {@link Rooms}, {@link Presence},
 * {@link State} (rules in {@link StateRules}, CEL in {@link Views}), {@link Messages}, {@link Claims}, {@link Waits}
 * — over one {@link RoomUnits}, with callers checked by one {@link Identity} and the things that end by themselves
 * (leases, presence) timed by one {@link Deadlines}. Built by {@link Sync#builder()}.
 */
public final class LocalSync implements Sync {
    private final Store store;
    private final Limits limits;
    private final Identity identity;
    private final Cel cel;
    private final RoomUnits units;
    private final Rooms rooms;
    private final Presence presence;
    private final State state;
    private final Messages messages;
    private final Claims claims;
    private final Deadlines deadlines;
    private final Waits waits;
    private final @Nullable AutoCloseable ownedScheduler;

    /** Wires the parts over {@code store}; {@code ownedScheduler}, when given, is closed with this instance. */
    public LocalSync(Store store, Clock clock, Scheduler scheduler, Limits limits, boolean requireAuth,
                     @Nullable AutoCloseable ownedScheduler) {
        this.store = store;
        this.limits = limits;
        this.ownedScheduler = ownedScheduler;
        this.identity = new Identity(requireAuth);
        this.cel = new Cel(limits.maxExpressionBytes(), limits.maxComprehensionIterations());
        WaitRegistry registry = new WaitRegistry(clock, cel, scheduler, store, this::restoreAgents);
        this.deadlines = new Deadlines(clock, scheduler);
        this.units = new RoomUnits(store, registry, deadlines);
        this.rooms = new Rooms(units, identity, clock, limits);
        this.presence = new Presence(units, identity, deadlines, clock, limits);
        this.state = new State(units, identity, new StateRules(limits, cel), new Views(cel, clock), presence, clock);
        this.messages = new Messages(units, identity, presence, clock, limits);
        this.claims = new Claims(units, identity, presence, deadlines, clock);
        this.waits = new Waits(units, presence, registry, identity, cel, clock, limits);
        deadlines.handler(new Deadlines.Handler() {
            @Override
            public void leaseDue(String room, long messageId) {
                claims.expire(room, messageId);
            }

            @Override
            public void presenceDue(String room, String agentId) {
                presence.presenceDue(room, agentId, claims);
            }
        });
        units.listenForRemoteCommits();
    }

    private void restoreAgents(String room, List<String> agentIds) {
        presence.restore(room, agentIds);
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public boolean requiresAuth() {
        return identity.requiresAuth();
    }

    @Override
    public RoomInfo createRoom(@Nullable String id, @Nullable ObjectNode meta, RoomSettings settings) {
        return rooms.create(id, meta, settings);
    }

    @Override
    public Optional<RoomInfo> room(String id) {
        return rooms.room(id);
    }

    @Override
    public List<RoomInfo> rooms(Caller caller) {
        return rooms.withToken(caller);
    }

    @Override
    public Joined join(String room, JoinRequest request, Caller caller) {
        return presence.join(room, request, caller);
    }

    @Override
    public List<Agent> agents(String room) {
        return presence.agents(room);
    }

    @Override
    public Agent heartbeat(String room, String agent, @Nullable String status, Caller caller) {
        return presence.heartbeat(room, agent, status, caller);
    }

    @Override
    public WriteResult write(String room, Write write, Caller caller) {
        return state.write(room, write, caller);
    }

    @Override
    public BatchResult batch(String room, List<Write> writes, @Nullable String gate, Caller caller) {
        return state.batch(room, writes, gate, caller);
    }

    @Override
    public DeleteResult delete(String room, String scope, String key, @Nullable Long ifVersion, Caller caller) {
        return state.delete(room, scope, key, ifVersion, caller);
    }

    @Override
    public List<Entry> state(String room, StateQuery query) {
        return state.state(room, query);
    }

    @Override
    public Optional<Entry> entry(String room, String scope, String key) {
        return state.entry(room, scope, key);
    }

    @Override
    public EvalResult eval(String room, String expr, @Nullable String agent, Caller caller) {
        return state.eval(room, expr, agent, caller);
    }

    @Override
    public Message post(String room, NewMessage message, Caller caller) {
        return messages.post(room, message, caller);
    }

    @Override
    public List<Message> messages(String room, MessageQuery query) {
        return messages.messages(room, query);
    }

    @Override
    public ClaimResult claim(String room, long messageId, String agent, @Nullable Duration lease, Caller caller) {
        return claims.claim(room, messageId, agent, lease, caller);
    }

    @Override
    public ReleaseResult release(String room, long messageId, String agent, Caller caller) {
        return claims.release(room, messageId, agent, caller);
    }

    @Override
    public CompleteResult complete(String room, long messageId, String agent, @Nullable Long fence, Caller caller) {
        return claims.complete(room, messageId, agent, fence, caller);
    }

    @Override
    public void leave(String room, String agent, Caller caller) {
        presence.leave(room, agent, caller, claims);
    }

    @Override
    public CompletableFuture<WaitResult> await(String room, WaitRequest request, Caller caller) {
        return waits.await(room, request, caller);
    }

    @Override
    public int waiting(String room) {
        return waits.count(room);
    }

    @Override
    public long celEvaluations() {
        return cel.evaluations();
    }

    /** Answers every wait in flight with {@code triggered=false}, refuses new work, closes the store. */
    @Override
    public void close() {
        units.close();
        deadlines.close();
        waits.closeAll();
        store.close();
        if (ownedScheduler != null) {
            try {
                ownedScheduler.close();
            } catch (Exception e) {
                // a timer thread cannot fail to stop
            }
        }
    }
}
