package dev.agentsync.core.internal;

import dev.agentsync.core.Times;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.Agent;
import dev.agentsync.core.AgentStatus;
import dev.agentsync.core.BatchResult;
import dev.agentsync.core.Caller;
import dev.agentsync.core.CelErrorException;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.AlreadyClaimedException;
import dev.agentsync.core.DeleteResult;
import dev.agentsync.core.Entry;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.EvalResult;
import dev.agentsync.core.IdentityMismatchException;
import dev.agentsync.core.Included;
import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.Joined;
import dev.agentsync.core.Limits;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.NotANumberException;
import dev.agentsync.core.PreconditionFailedException;
import dev.agentsync.core.RoomInfo;
import dev.agentsync.core.Scheduler;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.StateQuery;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.VersionConflictException;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.core.WriteResult;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomRecord;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import dev.agentsync.core.spi.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every rule of the model, once: validation, identity, CAS, gates, increments, batches, views, messages,
 * claims, presence and waits. Stores only give it serialized units of work and snapshots.
 */
public final class Engine implements AutoCloseable {
    private static final int MAX_TEXT = 256;

    private final Store store;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Limits limits;
    private final boolean requireAuth;
    private final Cel cel;
    private final Waits waits;
    private volatile boolean closed;

    /** Creates the engine over a store. */
    public Engine(Store store, Clock clock, Scheduler scheduler, Limits limits, boolean requireAuth) {
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.limits = limits;
        this.requireAuth = requireAuth;
        this.cel = new Cel(limits.maxExpressionBytes(), limits.maxComprehensionIterations());
        this.waits = new Waits(this);
        store.onRemoteCommit(new Store.RemoteCommitListener() {
            @Override
            public void committed(String room, long revision) {
                recheck(room);
            }

            @Override
            public void missed() {
                for (String room : waits.rooms()) {
                    recheck(room);
                }
            }
        });
    }

    /** The CEL engine (for counting evaluations in tests). */
    public Cel cel() {
        return cel;
    }

    /** The limits in force. */
    public Limits limits() {
        return limits;
    }

    /** True when every mutation needs a token. */
    public boolean requiresAuth() {
        return requireAuth;
    }

    Clock clock() {
        return clock;
    }

    Store store() {
        return store;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** Waits in flight in a room. */
    public int waiting(String room) {
        return waits.count(room);
    }

    private Instant now() {
        return Times.now(clock);
    }

    private void ensureOpen() {
        if (closed) {
            throw new SyncException(ErrorCode.UNAVAILABLE, "This agent-sync instance is shutting down; retry on another.");
        }
    }

    // ---------------------------------------------------------------- units of work

    /** A unit of work for a client's request: refused once the engine is closing. */
    private <T> T mutate(String room, Function<RoomTx, T> work) {
        ensureOpen();
        return unit(room, work);
    }

    /** Runs a serialized unit of work, then evaluates the room's waiters on what it committed. */
    private <T> T unit(String room, Function<RoomTx, T> work) {
        List<Waits.Fired> fired = new ArrayList<>(0);
        T result;
        try {
            result = store.write(room, tx -> {
                if (!fired.isEmpty()) { // the store retried the unit: put back what the first attempt fired
                    waits.rollback(room, fired);
                    fired.clear();
                }
                T r = work.apply(tx);
                if (tx.changed() && waits.active(room)) {
                    fired.addAll(waits.evaluate(room, tx, tx.revision() + 1));
                }
                return r;
            });
        } catch (RuntimeException e) {
            waits.rollback(room, fired);
            throw e;
        }
        waits.deliver(room, fired);
        return result;
    }

    /** Re-evaluates a room's waiters on its current state (after a commit made elsewhere). */
    public void recheck(String room) {
        if (!waits.active(room) || closed) {
            return;
        }
        List<Waits.Fired> fired;
        try {
            fired = store.read(room, view -> waits.evaluate(room, view, view.revision()));
        } catch (SyncException e) {
            return;
        }
        waits.deliver(room, fired);
    }

    // ---------------------------------------------------------------- identity

    private static @Nullable String hashOf(Caller c) {
        return c.token().map(Tokens::hash).orElse(null);
    }

    private static @Nullable String authenticate(RoomView v, @Nullable String hash) {
        if (hash == null) {
            return null;
        }
        AgentRecord a = v.agentByTokenHash(hash).orElse(null);
        if (a == null || !Tokens.sameHash(a.tokenHash(), hash)) {
            throw new SyncException(ErrorCode.INVALID_TOKEN,
                    "The bearer token is not valid in room '" + v.room().id() + "'; join again to get a token.");
        }
        return a.id();
    }

    private void requireToken(@Nullable String hash) {
        if (requireAuth && hash == null) {
            throw new SyncException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "This server requires a bearer token for every change: send Authorization: Bearer <token> from your join.");
        }
    }

    private static void actAs(@Nullable String actor, @Nullable String claimed) {
        if (actor != null && claimed != null && !actor.equals(claimed)) {
            throw new IdentityMismatchException(actor, claimed);
        }
    }

    private static void autoHeartbeat(RoomTx tx, @Nullable String agentId, Instant now) {
        if (agentId == null) {
            return;
        }
        AgentRecord a = tx.agent(agentId).orElse(null);
        if (a != null && a.status() != AgentStatus.DONE) {
            tx.putAgent(a.heartbeat(now));
        }
    }

    // ---------------------------------------------------------------- rooms

    /** Creates a room. */
    public RoomInfo createRoom(@Nullable String id, @Nullable ObjectNode meta) {
        ensureOpen();
        String roomId = id == null ? UUID.randomUUID().toString() : Ids.require(id, "room id");
        ObjectNode m = meta == null ? Json.NODES.objectNode() : meta.deepCopy();
        checkSize(m, "meta");
        RoomRecord r = new RoomRecord(roomId, now(), m, 0, 0);
        if (!store.createRoom(r)) {
            throw new SyncException(ErrorCode.ROOM_EXISTS, "Room '" + roomId + "' exists already; join it or pick another id.");
        }
        return r.info();
    }

    /** One room. */
    public Optional<RoomInfo> room(String id) {
        if (!Ids.valid(id)) {
            return Optional.empty();
        }
        return store.room(id).map(RoomRecord::info);
    }

    /** The rooms in which the caller's token is registered. */
    public List<RoomInfo> rooms(Caller caller) {
        String hash = hashOf(caller);
        if (hash == null) {
            throw new SyncException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "Listing rooms needs a bearer token; it lists the rooms your agent is registered in.");
        }
        List<RoomInfo> out = new ArrayList<>();
        for (RoomRecord r : store.roomsWithToken(hash)) {
            out.add(r.info());
        }
        return out;
    }

    private RoomRecord requireRoom(String room) {
        if (!Ids.valid(room)) {
            throw Store.roomNotFound(room);
        }
        return store.room(room).orElseThrow(() -> Store.roomNotFound(room));
    }

    // ---------------------------------------------------------------- agents

    /** Joins (or re-joins, rotating the token). */
    public Joined join(String room, JoinRequest req, Caller caller) {
        String id = req.id() == null ? UUID.randomUUID().toString() : Ids.require(req.id(), "agent id");
        text(req.name(), "name");
        text(req.role(), "role");
        if (req.meta() != null) {
            checkSize(req.meta(), "meta");
        }
        String hash = hashOf(caller);
        return mutate(room, tx -> {
            Instant now = now();
            String token = Tokens.generate();
            String newHash = Tokens.hash(token);
            AgentRecord existing = tx.agent(id).orElse(null);
            AgentRecord rec;
            if (existing != null) {
                if (hash == null) {
                    throw new SyncException(ErrorCode.AGENT_EXISTS, "Agent '" + id
                            + "' has joined already; re-join with its bearer token to rotate it, or pick another id.");
                }
                if (!Tokens.sameHash(existing.tokenHash(), hash)) {
                    throw new SyncException(ErrorCode.INVALID_TOKEN, "The bearer token is not agent '" + id + "''s current token.");
                }
                boolean waiting = existing.status() == AgentStatus.WAITING;
                rec = new AgentRecord(id, req.name() != null ? req.name() : existing.name(),
                        req.role() != null ? req.role() : existing.role(),
                        req.meta() != null ? req.meta().deepCopy() : existing.meta(),
                        waiting ? AgentStatus.WAITING : AgentStatus.ACTIVE, existing.waitingOn(),
                        waiting ? AgentStatus.ACTIVE : null, existing.joinedAt(), now, newHash);
            } else {
                authenticate(tx, hash);
                rec = new AgentRecord(id, req.name() != null ? req.name() : id, req.role() != null ? req.role() : "agent",
                        req.meta() != null ? req.meta().deepCopy() : Json.NODES.objectNode(), AgentStatus.ACTIVE, null, null,
                        now, now, newHash);
            }
            tx.putAgent(rec);
            return new Joined(rec.toAgent(), token);
        });
    }

    /** The agents of a room, in join order. */
    public List<Agent> agents(String room) {
        return store.read(room, v -> {
            List<Agent> out = new ArrayList<>();
            for (AgentRecord a : v.agents()) {
                out.add(a.toAgent());
            }
            return out;
        });
    }

    /** An explicit heartbeat with an optional status ({@code active} by default). */
    public Agent heartbeat(String room, String agentId, @Nullable String status, Caller caller) {
        AgentStatus st = status == null ? AgentStatus.ACTIVE : AgentStatus.parse(status).orElse(null);
        if (st == null || st == AgentStatus.WAITING) {
            throw new SyncException(ErrorCode.INVALID_STATUS, "Status '" + status
                    + "' cannot be set; use active, idle, busy or done (waiting is set by the server during a wait).");
        }
        Ids.require(agentId, "agent id");
        String hash = hashOf(caller);
        requireToken(hash);
        return mutate(room, tx -> {
            String actor = authenticate(tx, hash);
            AgentRecord a = tx.agent(agentId).orElseThrow(() -> agentNotFound(room, agentId));
            actAs(actor, agentId);
            AgentRecord next = a.status() == AgentStatus.WAITING
                    ? a.presence(AgentStatus.WAITING, a.waitingOn(), st) // restored when the wait ends
                    : a.presence(st, null, null);
            next = next.heartbeat(now());
            tx.putAgent(next);
            return next.toAgent();
        });
    }

    private static SyncException agentNotFound(String room, String agent) {
        return new SyncException(ErrorCode.AGENT_NOT_FOUND, "No agent '" + agent + "' in room '" + room + "'; join first.");
    }

    // ---------------------------------------------------------------- state

    /** A write validated and compiled outside the room's lock. */
    private record Prepared(String scope, String key, @Nullable JsonNode value, Cel.@Nullable Compiled expr,
                            @Nullable Long ifVersion, boolean increment) {
    }

    private Prepared prepare(Write w) {
        String scope = Ids.require(w.scope(), "scope");
        String key = Ids.requireKey(w.key());
        if (scope.startsWith("_") && !scope.equals(Scopes.SHARED) && !scope.equals(Scopes.VIEW)) {
            throw invalid("Scope '" + scope + "' is reserved; scopes starting with _ are _shared and _view only.");
        }
        if (w.ifVersion() != null && w.ifVersion() < 0) {
            throw invalid("if_version must be 0 (absent) or a positive version, was " + w.ifVersion() + ".");
        }
        if (scope.equals(Scopes.VIEW)) {
            if (w.expr() == null) {
                throw invalid("A _view entry needs 'expr', a CEL expression, instead of 'value'.");
            }
            if (w.increment()) {
                throw invalid("A _view entry cannot be incremented.");
            }
            return new Prepared(scope, key, null, cel.compile(w.expr()), w.ifVersion(), false);
        }
        if (w.expr() != null) {
            throw invalid("'expr' is only for scope _view; use 'value' in scope " + scope + ".");
        }
        if (w.value() == null || w.value().isMissingNode()) {
            throw invalid("'value' is required.");
        }
        if (w.increment() && !w.value().isNumber()) {
            throw invalid("An increment's 'value' must be a number, was " + w.value().getNodeType().name().toLowerCase() + ".");
        }
        checkSize(w.value(), "value");
        return new Prepared(scope, key, w.value(), null, w.ifVersion(), w.increment());
    }

    private void checkSize(JsonNode v, String what) {
        if (Json.exceeds(v, limits.maxValueBytes())) {
            throw new SyncException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The " + what + " is larger than the limit of " + limits.maxValueBytes() + " bytes.");
        }
    }

    private static void text(@Nullable String s, String what) {
        if (s != null && (s.isEmpty() || s.length() > MAX_TEXT)) {
            throw invalid("'" + what + "' must be 1-" + MAX_TEXT + " characters.");
        }
    }

    private static SyncException invalid(String message) {
        return new SyncException(ErrorCode.INVALID_REQUEST, message);
    }

    private static void authorizeScope(RoomView tx, @Nullable String actor, String scope) {
        if (actor != null && !scope.startsWith("_") && !scope.equals(actor) && tx.agent(scope).isPresent()) {
            throw new IdentityMismatchException(actor, scope);
        }
    }

    private static @Nullable String actingAs(@Nullable String actor, String scope) {
        return actor != null ? actor : scope.startsWith("_") ? null : scope;
    }

    private void checkGate(RoomView v, Cel.Compiled gate) {
        Object result;
        try {
            result = new CelContext(v, cel).eval(gate);
        } catch (CelErrorException e) {
            throw new PreconditionFailedException(gate.text(), null, e.detail());
        }
        if (!Boolean.TRUE.equals(result)) {
            throw new PreconditionFailedException(gate.text(), Json.fromCel(result), null);
        }
    }

    private Entry apply(RoomTx tx, Prepared p, int index, Instant now) {
        Entry cur = tx.entry(p.scope(), p.key()).orElse(null);
        if (p.ifVersion() != null) {
            long want = p.ifVersion();
            boolean ok = want == 0 ? cur == null : cur != null && cur.version() == want;
            if (!ok) {
                throw new VersionConflictException(want, cur, index);
            }
        }
        long version = cur == null ? 1 : cur.version() + 1;
        Entry next;
        if (p.expr() != null) {
            next = Entry.view(p.key(), p.expr().text(), version, now);
        } else if (p.increment()) {
            next = Entry.of(p.scope(), p.key(), add(cur, p.value()), version, now);
        } else {
            next = Entry.of(p.scope(), p.key(), p.value(), version, now);
        }
        tx.putEntry(next);
        return next;
    }

    private static JsonNode add(@Nullable Entry cur, JsonNode delta) {
        if (cur == null) {
            return delta;
        }
        JsonNode base = cur.value();
        if (cur.isView() || !base.isNumber()) {
            throw new NotANumberException(cur);
        }
        if (base.isIntegralNumber() && delta.isIntegralNumber() && base.canConvertToLong() && delta.canConvertToLong()) {
            try {
                return Json.NODES.numberNode(Math.addExact(base.longValue(), delta.longValue()));
            } catch (ArithmeticException e) {
                throw invalid("The increment overflows a 64-bit integer; nothing was written.");
            }
        }
        double sum = base.doubleValue() + delta.doubleValue();
        if (!Double.isFinite(sum)) {
            throw invalid("The increment's result is not a finite number; nothing was written.");
        }
        return Json.NODES.numberNode(sum);
    }

    /** Replaces each view in {@code entries} by the same entry with its value resolved on {@code v}. */
    private void resolveViews(RoomView v, List<Entry> entries) {
        CelContext ctx = null;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.isView()) {
                ctx = ctx == null ? new CelContext(v, cel) : ctx;
                entries.set(i, e.withResolved(resolvedJson(ctx, e.key())));
            }
        }
    }

    private static JsonNode resolvedJson(CelContext ctx, String key) {
        Object r = ctx.resolveView(key);
        return r == null ? Json.NODES.nullNode() : Json.fromCel(r);
    }

    /** One write, with its optional CAS, gate and increment. */
    public WriteResult write(String room, Write w, Caller caller) {
        Prepared p = prepare(w);
        Cel.Compiled gate = w.gate() == null ? null : cel.compile(w.gate());
        String hash = hashOf(caller);
        requireToken(hash);
        return mutate(room, tx -> {
            String actor = authenticate(tx, hash);
            authorizeScope(tx, actor, p.scope());
            if (gate != null) {
                checkGate(tx, gate);
            }
            Instant now = now();
            Entry e = apply(tx, p, -1, now);
            autoHeartbeat(tx, actingAs(actor, p.scope()), now);
            List<Entry> written = new ArrayList<>(List.of(e));
            resolveViews(tx, written);
            return new WriteResult(written.get(0), tx.revision() + 1);
        });
    }

    /** An all-or-nothing batch with an optional gate over the state before it. */
    public BatchResult batch(String room, List<Write> writes, @Nullable String gateText, Caller caller) {
        if (writes.isEmpty()) {
            throw invalid("A batch needs at least one write in 'writes'.");
        }
        if (writes.size() > limits.maxBatch()) {
            throw invalid("A batch holds at most " + limits.maxBatch() + " writes, this one has " + writes.size() + ".");
        }
        List<Prepared> prepared = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            if (w.gate() != null) {
                throw invalid("writes[" + i + "] has its own 'if'; a batch takes one 'if' for all its writes.");
            }
            try {
                prepared.add(prepare(w));
            } catch (SyncException e) {
                if (e.getClass() == SyncException.class) {
                    throw new SyncException(e.code(), "writes[" + i + "]: " + e.getMessage());
                }
                throw e;
            }
        }
        Cel.Compiled gate = gateText == null ? null : cel.compile(gateText);
        String hash = hashOf(caller);
        requireToken(hash);
        return mutate(room, tx -> {
            String actor = authenticate(tx, hash);
            for (Prepared p : prepared) {
                authorizeScope(tx, actor, p.scope());
            }
            if (gate != null) {
                checkGate(tx, gate);
            }
            Instant now = now();
            List<Entry> out = new ArrayList<>(prepared.size());
            for (int i = 0; i < prepared.size(); i++) {
                out.add(apply(tx, prepared.get(i), i, now));
            }
            resolveViews(tx, out);
            if (actor != null) {
                autoHeartbeat(tx, actor, now);
            } else {
                prepared.stream().map(p -> actingAs(null, p.scope())).distinct().forEach(a -> autoHeartbeat(tx, a, now));
            }
            return new BatchResult(out, tx.revision() + 1);
        });
    }

    /** Deletes one entry, optionally only at a version. */
    public DeleteResult delete(String room, String scope, String key, @Nullable Long ifVersion, Caller caller) {
        Ids.require(scope, "scope");
        Ids.requireKey(key);
        if (ifVersion != null && ifVersion < 0) {
            throw invalid("if_version must be 0 (absent) or a positive version, was " + ifVersion + ".");
        }
        String hash = hashOf(caller);
        requireToken(hash);
        return mutate(room, tx -> {
            String actor = authenticate(tx, hash);
            authorizeScope(tx, actor, scope);
            Entry cur = tx.entry(scope, key).orElse(null);
            if (ifVersion != null) {
                boolean ok = ifVersion == 0 ? cur == null : cur != null && cur.version() == ifVersion;
                if (!ok) {
                    throw new VersionConflictException(ifVersion, cur, -1);
                }
            }
            if (cur == null) {
                return new DeleteResult(false, tx.revision());
            }
            tx.removeEntry(scope, key);
            autoHeartbeat(tx, actingAs(actor, scope), now());
            return new DeleteResult(true, tx.revision() + 1);
        });
    }

    /** Entries matching a query, ordered by scope then key. */
    public List<Entry> state(String room, StateQuery q) {
        if (q.scope() != null) {
            Ids.require(q.scope(), "scope");
        }
        if (q.key() != null) {
            Ids.requireKey(q.key());
        }
        return store.read(room, v -> {
            List<Entry> out = new ArrayList<>();
            Collection<String> scopes = q.scope() != null ? List.of(q.scope()) : new TreeSet<>(v.scopes());
            for (String s : scopes) {
                if (q.key() != null) {
                    v.entry(s, q.key()).ifPresent(out::add);
                } else {
                    out.addAll(new TreeMap<>(v.scope(s)).values());
                }
            }
            if (q.resolve()) {
                resolveViews(v, out);
            }
            return out;
        });
    }

    /** One entry. */
    public Optional<Entry> entry(String room, String scope, String key, boolean resolve) {
        List<Entry> found = state(room, new StateQuery(scope, key, resolve));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Evaluates an expression against the room; with {@code agent}, counts as that agent's heartbeat. */
    public EvalResult eval(String room, String expr, @Nullable String agent, Caller caller) {
        Cel.Compiled c = cel.compile(expr);
        if (agent != null) {
            Ids.require(agent, "agent id");
            String hash = hashOf(caller);
            requireToken(hash);
            mutate(room, tx -> {
                String actor = authenticate(tx, hash);
                tx.agent(agent).orElseThrow(() -> agentNotFound(room, agent));
                actAs(actor, agent);
                autoHeartbeat(tx, agent, now());
                return null;
            });
        }
        return store.read(room, v -> {
            Object value = new CelContext(v, cel).eval(c);
            List<String> scopes = new ArrayList<>(List.of(Scopes.SHARED, Scopes.VIEW));
            for (String s : new TreeSet<>(v.scopes())) {
                if (!scopes.contains(s)) {
                    scopes.add(s);
                }
            }
            List<String> agentIds = new ArrayList<>();
            for (AgentRecord a : v.agents()) {
                agentIds.add(a.id());
            }
            return new EvalResult(expr, Json.fromCel(value), v.revision(), scopes, agentIds, v.messageCounts());
        });
    }

    // ---------------------------------------------------------------- messages

    /** Posts a message. */
    public Message post(String room, NewMessage m, Caller caller) {
        if (m.from() != null) {
            Ids.require(m.from(), "from");
        }
        if (m.to() != null) {
            Ids.require(m.to(), "to");
        }
        text(m.kind(), "kind");
        if (m.replyTo() != null && m.replyTo() < 1) {
            throw invalid("'reply_to' must be a message id (1 or more).");
        }
        checkSize(m.body(), "body");
        String hash = hashOf(caller);
        requireToken(hash);
        return mutate(room, tx -> {
            String actor = authenticate(tx, hash);
            String from = m.from() != null ? m.from() : actor;
            actAs(actor, from);
            if (m.replyTo() != null && tx.message(m.replyTo()).isEmpty()) {
                throw new SyncException(ErrorCode.REPLY_TO_NOT_FOUND, "reply_to " + m.replyTo() + " is not a message of this room.");
            }
            Instant now = now();
            Message msg = new Message(tx.room().lastMessageId() + 1, from, m.to(), m.kind() == null ? "message" : m.kind(),
                    m.body(), m.replyTo(), null, null, now);
            tx.putMessage(msg);
            autoHeartbeat(tx, from, now);
            return msg;
        });
    }

    /** Messages matching a query, in id order. */
    public List<Message> messages(String room, MessageQuery q) {
        if (q.limit() < 0) {
            throw invalid("'limit' must be positive.");
        }
        int limit = q.limit() == 0 ? limits.messagePage() : Math.min(q.limit(), limits.maxMessagePage());
        return store.read(room, v -> v.messages(q, limit));
    }

    /** Claims a message: of any number of concurrent claimers exactly one wins. */
    public ClaimResult claim(String room, long messageId, String agent, Caller caller) {
        Ids.require(agent, "agent");
        String hash = hashOf(caller);
        requireToken(hash);
        return mutate(room, tx -> {
            String actor = authenticate(tx, hash);
            actAs(actor, agent);
            Message m = tx.message(messageId).orElseThrow(() -> new SyncException(ErrorCode.MESSAGE_NOT_FOUND,
                    "No message " + messageId + " in room '" + room + "'."));
            if (m.claimed()) {
                if (agent.equals(m.claimedBy())) {
                    return new ClaimResult(messageId, agent, m.claimedAt(), tx.revision());
                }
                throw new AlreadyClaimedException(messageId, m.claimedBy(), m.claimedAt());
            }
            Instant now = now();
            tx.putMessage(m.claim(agent, now));
            autoHeartbeat(tx, agent, now);
            return new ClaimResult(messageId, agent, now, tx.revision() + 1);
        });
    }

    // ---------------------------------------------------------------- waits

    /**
     * Waits for a condition. Completes at once when it already holds; else after the first commit that makes
     * it true, or with {@code triggered=false} at the timeout. Cancelling the future ends the wait.
     */
    public CompletableFuture<WaitResult> await(String room, WaitRequest req, Caller caller) {
        ensureOpen();
        Cel.Compiled cond = cel.compile(req.condition());
        IncludeSpec include = IncludeSpec.parse(req.include());
        long timeout;
        if (req.timeout() == null) {
            timeout = limits.defaultWait().toMillis();
        } else if (req.timeout().isNegative()) {
            throw invalid("'timeout' must be 0 or more milliseconds.");
        } else {
            timeout = Math.min(req.timeout().toMillis(), limits.maxWait().toMillis());
        }
        String agent = req.agent();
        if (agent != null) {
            Ids.require(agent, "agent id");
        }
        String hash = hashOf(caller);
        if (agent != null) {
            requireToken(hash);
        }
        if (req.afterRevision() != null && req.afterRevision() < 0) {
            throw invalid("'after_revision' must be 0 or more.");
        }
        Waits.Waiter w = new Waits.Waiter(room, cond, agent, include, clock.millis(),
                req.afterRevision() == null ? -1 : req.afterRevision());
        long[] seen = {-1}; // the revision the registration evaluated
        if (agent == null) {
            store.read(room, v -> {
                authenticate(v, hash);
                seen[0] = v.revision();
                waits.register(w, v);
                return null;
            });
        } else {
            try {
                mutate(room, tx -> {
                String actor = authenticate(tx, hash);
                AgentRecord a = tx.agent(agent).orElseThrow(() -> agentNotFound(room, agent));
                actAs(actor, agent);
                Instant now = now();
                seen[0] = tx.revision();
                if (!waits.register(w, tx)) {
                    AgentStatus before = a.status() == AgentStatus.WAITING ? a.statusBeforeWait() : a.status();
                    tx.putAgent(a.presence(AgentStatus.WAITING, req.condition(), before).heartbeat(now));
                    waits.agentWaitStarted(w);
                } else if (a.status() != AgentStatus.DONE) {
                    tx.putAgent(a.heartbeat(now));
                }
                return null;
            });
            } catch (RuntimeException e) {
                waits.abandon(w);
                throw e;
            }
        }
        waits.started(w, timeout);
        // A commit by another process that landed after our snapshot, and whose notification was handled before
        // the waiter was registered, would otherwise be missed: if the room moved meanwhile, look again.
        if (!w.future().isDone() && store.room(room).map(RoomRecord::revision).orElse(seen[0]) > seen[0] + (agent == null ? 0 : 1)) {
            recheck(room);
        }
        return w.future();
    }

    /** The parts of the room a waiter asked for, read from {@code ctx}'s snapshot. */
    Included included(IncludeSpec spec, CelContext ctx) {
        if (spec.isEmpty()) {
            return Included.NONE;
        }
        RoomView v = ctx.view();
        Map<String, Map<String, JsonNode>> state = null;
        if (spec.allState() || !spec.scopes().isEmpty()) {
            state = new TreeMap<>();
            TreeSet<String> scopes = new TreeSet<>(spec.scopes());
            if (spec.allState()) {
                scopes.addAll(v.scopes());
                scopes.add(Scopes.SHARED);
            }
            for (String s : scopes) {
                Map<String, JsonNode> values = new TreeMap<>();
                for (Entry e : v.scope(s).values()) {
                    values.put(e.key(), e.isView() ? resolvedJson(ctx, e.key()) : e.value());
                }
                state.put(s, values);
            }
        }
        List<Agent> agents = null;
        if (spec.agents()) {
            agents = new ArrayList<>();
            for (AgentRecord a : v.agents()) {
                agents.add(a.toAgent());
            }
        }
        return new Included(state, agents, spec.messages() ? v.messageCounts() : null,
                spec.messagesAfter() == null ? null : v.messages(MessageQuery.all().after(spec.messagesAfter()), 50));
    }

    /** Puts agents whose last wait ended back to the status they had before it. */
    void restoreAgents(String room, List<String> agentIds) {
        if (agentIds.isEmpty()) {
            return;
        }
        try {
            unit(room, tx -> {
                for (String id : agentIds) {
                    tx.agent(id).ifPresent(a -> {
                        if (a.status() == AgentStatus.WAITING) {
                            AgentStatus back = a.statusBeforeWait() == null ? AgentStatus.ACTIVE : a.statusBeforeWait();
                            tx.putAgent(a.presence(back, null, null));
                        }
                    });
                }
                return null;
            });
        } catch (SyncException e) {
            // the room is gone: nothing left to restore
        }
    }

    /** Ends every wait with {@code triggered=false} and refuses new work. */
    @Override
    public void close() {
        closed = true;
        waits.closeAll();
    }
}
