package dev.agentsync.core;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.agentsync.core.internal.Tokens;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The store contract: every behaviour of the model, run against a store. A store module proves itself by
 * subclassing this class, unchanged, and returning a fresh, empty store from {@link #newStore()}.
 */
public abstract class StoreContract {
    /** A fresh, empty store. */
    protected abstract Store newStore();

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    protected ManualTime time;
    protected Store store;
    protected Sync sync;
    protected static final String ROOM = "room-1";

    /** The wire contract (requests in, responses out) over this store. */
    @Nested
    class Wire extends dev.agentsync.protocol.ProtocolContract {
        @Override
        protected Store newStore() {
            return StoreContract.this.newStore();
        }
    }

    /** Claim leases, fences, dead messages, fenced writes over this store. */
    @Nested
    class Leases extends LeaseContract {
        @Override
        protected Store newStore() {
            return StoreContract.this.newStore();
        }
    }

    /** Presence liveness over this store. */
    @Nested
    class Liveness extends LivenessContract {
        @Override
        protected Store newStore() {
            return StoreContract.this.newStore();
        }
    }

    @BeforeEach
    void setUpSync() {
        time = new ManualTime();
        store = newStore();
        sync = Sync.builder().store(store).clock(time).build();
        sync.createRoom(ROOM);
    }

    @AfterEach
    void tearDownSync() {
        if (sync != null) { // null when the store was not available (the test was skipped)
            sync.close();
        }
    }

    protected static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    protected static <T extends SyncException> T fails(Class<T> type, ErrorCode code, Executable call) {
        T e = assertThrows(type, call);
        assertEquals(code, e.code(), e.getMessage());
        assertFalse(e.getMessage().isBlank());
        return e;
    }

    protected static SyncException fails(ErrorCode code, Executable call) {
        return fails(SyncException.class, code, call);
    }

    protected long revision() {
        return sync.room(ROOM).orElseThrow().revision();
    }

    protected JsonNode value(String key) {
        return sync.entry(ROOM, Scopes.SHARED, key).orElseThrow().value();
    }

    @Nested
    class Rooms {
        @Test
        void createGetAndDuplicate() {
            ObjectNode meta = (ObjectNode) json("{\"purpose\":\"chess\"}");
            RoomInfo r = sync.createRoom("chess-1", meta);
            assertEquals("chess-1", r.id());
            assertEquals(meta, sync.room("chess-1").orElseThrow().meta());
            assertEquals(0, r.revision());
            fails(ErrorCode.ROOM_EXISTS, () -> sync.createRoom("chess-1"));
        }

        @Test
        void generatedIdIsUuid() {
            RoomInfo r = sync.createRoom();
            assertEquals(36, r.id().length());
            assertTrue(sync.room(r.id()).isPresent());
        }

        @Test
        void badIdsAreRefused() {
            for (String bad : new String[] {"", "has space", "x".repeat(129), "slash/not-in-room-ids", "ümlaut"}) {
                fails(ErrorCode.INVALID_ID, () -> sync.createRoom(bad));
            }
            sync.createRoom("A-z_0.9:@x");
        }

        @Test
        void everyRoomOperationOnAMissingRoomIsRoomNotFound() {
            String nope = "no-such-room";
            assertAll(
                    () -> fails(ErrorCode.ROOM_NOT_FOUND, () -> sync.write(nope, Write.of("k", 1))),
                    () -> fails(ErrorCode.ROOM_NOT_FOUND, () -> sync.state(nope, StateQuery.all())),
                    () -> fails(ErrorCode.ROOM_NOT_FOUND, () -> sync.join(nope, JoinRequest.of("a"))),
                    () -> fails(ErrorCode.ROOM_NOT_FOUND, () -> sync.agents(nope)),
                    () -> fails(ErrorCode.ROOM_NOT_FOUND, () -> sync.post(nope, NewMessage.of(null, "task", "x"))),
                    () -> fails(ErrorCode.ROOM_NOT_FOUND, () -> sync.messages(nope, MessageQuery.all())),
                    () -> fails(ErrorCode.ROOM_NOT_FOUND, () -> sync.eval(nope, "true")),
                    () -> fails(ErrorCode.ROOM_NOT_FOUND, () -> sync.await(nope, WaitRequest.until("true"))),
                    () -> assertTrue(sync.room(nope).isEmpty()));
        }

        @Test
        void roomsListsOnlyTheTokensRooms() {
            sync.createRoom("other");
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            sync.join("other", JoinRequest.of("b"));
            List<RoomInfo> mine = sync.rooms(a.caller());
            assertEquals(List.of(ROOM), mine.stream().map(RoomInfo::id).toList());
            fails(ErrorCode.AUTHENTICATION_REQUIRED, () -> sync.rooms(Caller.anonymous()));
        }
    }

    @Nested
    class Writes {
        @Test
        void versionsStartAtOneAndCountWrites() {
            WriteResult w1 = sync.write(ROOM, Write.of("phase", "planning"));
            WriteResult w2 = sync.write(ROOM, Write.of("phase", "executing"));
            assertEquals(1, w1.entry().version());
            assertEquals(2, w2.entry().version());
            assertEquals(TextNode.valueOf("executing"), value("phase"));
            assertEquals(Scopes.SHARED, w2.entry().scope());
        }

        @Test
        void revisionMovesByOnePerCommitAndNotOnFailure() {
            long r0 = revision();
            assertEquals(r0 + 1, sync.write(ROOM, Write.of("a", 1)).revision());
            assertEquals(r0 + 2, sync.batch(ROOM, List.of(Write.of("b", 1), Write.of("c", 1))).revision());
            assertEquals(r0 + 2, revision());
            fails(ErrorCode.VERSION_CONFLICT, () -> sync.write(ROOM, Write.of("a", 2).ifVersion(7)));
            fails(ErrorCode.PRECONDITION_FAILED, () -> sync.write(ROOM, Write.of("a", 2).when("false")));
            assertEquals(r0 + 2, revision());
        }

        @Test
        void valuesComeBackAsTheJsonWritten() {
            JsonNode v = json("{\"list\":[1,2.5,\"x\",null,true],\"nested\":{\"k\":\"v\"}}");
            sync.write(ROOM, Write.of("obj", v));
            assertEquals(v, value("obj"));
            sync.write(ROOM, Write.of("nothing", NODES.nullNode()));
            assertTrue(value("nothing").isNull());
        }

        @Test
        void casZeroCreatesOnlyWhenAbsent() {
            WriteResult first = sync.write(ROOM, Write.of("lock", "a").ifVersion(0));
            assertEquals(1, first.entry().version());
            VersionConflictException e = fails(VersionConflictException.class, ErrorCode.VERSION_CONFLICT,
                    () -> sync.write(ROOM, Write.of("lock", "b").ifVersion(0)));
            assertEquals(0, e.expectedVersion());
            assertEquals(TextNode.valueOf("a"), e.current().orElseThrow().value());
            assertEquals(1, e.current().orElseThrow().version());
            assertTrue(e.index().isEmpty());
            assertEquals(TextNode.valueOf("a"), value("lock"));
        }

        @Test
        void casNMatchesOnlyVersionN() {
            sync.write(ROOM, Write.of("k", 1));
            sync.write(ROOM, Write.of("k", 2));
            VersionConflictException e = fails(VersionConflictException.class, ErrorCode.VERSION_CONFLICT,
                    () -> sync.write(ROOM, Write.of("k", 3).ifVersion(1)));
            assertEquals(2, e.current().orElseThrow().version());
            assertEquals(3, sync.write(ROOM, Write.of("k", 3).ifVersion(2)).entry().version());
            assertEquals(3L, value("k").longValue());
        }

        @Test
        void casOnMissingKeyIsAConflictWithNoCurrent() {
            VersionConflictException e = fails(VersionConflictException.class, ErrorCode.VERSION_CONFLICT,
                    () -> sync.write(ROOM, Write.of("ghost", 1).ifVersion(3)));
            assertTrue(e.current().isEmpty());
            assertEquals(3, e.expectedVersion());
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "ghost").isEmpty());
        }

        @Test
        void scopesAreSeparate() {
            Joined a = sync.join(ROOM, JoinRequest.of("agent-a"));
            sync.write(ROOM, Write.of("score", 42).inScope("agent-a"), a.caller());
            sync.write(ROOM, Write.of("score", 1));
            assertEquals(42, sync.entry(ROOM, "agent-a", "score").orElseThrow().value().intValue());
            assertEquals(1, value("score").intValue());
        }

        @Test
        void deleteWithAndWithoutVersion() {
            sync.write(ROOM, Write.of("k", 1));
            long r = revision();
            fails(ErrorCode.VERSION_CONFLICT, () -> sync.delete(ROOM, Scopes.SHARED, "k", 5L, Caller.anonymous()));
            DeleteResult d = sync.delete(ROOM, Scopes.SHARED, "k", 1L, Caller.anonymous());
            assertTrue(d.deleted());
            assertEquals(r + 1, d.revision());
            DeleteResult again = sync.delete(ROOM, Scopes.SHARED, "k", null, Caller.anonymous());
            assertFalse(again.deleted());
            assertEquals(r + 1, again.revision());
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "k").isEmpty());
            assertEquals(1, sync.write(ROOM, Write.of("k", 9)).entry().version());
        }

        @Test
        void badInputIsRefusedAndChangesNothing() {
            sync.write(ROOM, Write.of("keep", 1));
            long r = revision();
            Sync small = Sync.builder().store(store).clock(time).limits(Limits.defaults().withMaxValueBytes(64)).build();
            assertAll(
                    () -> fails(ErrorCode.INVALID_ID, () -> sync.write(ROOM, Write.of("bad key", 1))),
                    () -> fails(ErrorCode.INVALID_ID, () -> sync.write(ROOM, Write.of("k".repeat(129), 1))),
                    () -> fails(ErrorCode.INVALID_ID, () -> sync.write(ROOM, Write.of("k", 1).inScope("bad scope"))),
                    () -> fails(ErrorCode.INVALID_REQUEST, () -> sync.write(ROOM, Write.of("k", 1).inScope("_private"))),
                    () -> fails(ErrorCode.INVALID_REQUEST, () -> sync.write(ROOM, new Write("_shared", "k", null, null, null, false, null))),
                    () -> fails(ErrorCode.INVALID_REQUEST, () -> sync.write(ROOM, Write.of("k", 1).ifVersion(-1))),
                    () -> fails(ErrorCode.INVALID_REQUEST, () -> sync.write(ROOM, new Write("_view", "v", NODES.numberNode(1), null, null, false, null))),
                    () -> fails(ErrorCode.INVALID_REQUEST, () -> sync.write(ROOM, new Write("_shared", "k", NODES.numberNode(1), "true", null, false, null))),
                    () -> fails(ErrorCode.PAYLOAD_TOO_LARGE, () -> small.write(ROOM, Write.of("big", "x".repeat(100)))),
                    () -> fails(ErrorCode.PAYLOAD_TOO_LARGE, () -> sync.write(ROOM, Write.of("k", 1).when("true && " + "true && ".repeat(600) + "true"))),
                    () -> assertThrows(NullPointerException.class, () -> Write.of(null, 1)));
            assertEquals(r, revision());
            assertEquals(1, sync.state(ROOM, StateQuery.all()).size());
            small.close();
        }

        @Test
        void keysMayHoldSlashes() {
            sync.write(ROOM, Write.of("tasks/1/status", "done"));
            assertEquals("done", value("tasks/1/status").textValue());
        }
    }

    @Nested
    class Gates {
        @Test
        void trueGatePasses() {
            sync.write(ROOM, Write.of("currentPlayer", "agent-a"));
            WriteResult r = sync.write(ROOM, Write.of("move", "e2e4").when("state._shared.currentPlayer == \"agent-a\""));
            assertEquals("e2e4", r.entry().value().textValue());
        }

        @Test
        void falseGateRefusesWithTheEvaluatedValue() {
            sync.write(ROOM, Write.of("currentPlayer", "agent-b"));
            PreconditionFailedException e = fails(PreconditionFailedException.class, ErrorCode.PRECONDITION_FAILED,
                    () -> sync.write(ROOM, Write.of("move", "e2e4").when("state._shared.currentPlayer == \"agent-a\"")));
            assertEquals(NODES.booleanNode(false), e.evaluated().orElseThrow());
            assertEquals("state._shared.currentPlayer == \"agent-a\"", e.expression());
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "move").isEmpty());
        }

        @Test
        void nonBooleanGateRefuses() {
            sync.write(ROOM, Write.of("n", 1));
            PreconditionFailedException e = fails(PreconditionFailedException.class, ErrorCode.PRECONDITION_FAILED,
                    () -> sync.write(ROOM, Write.of("x", 1).when("state._shared.n")));
            assertEquals(1, e.evaluated().orElseThrow().intValue());
            fails(ErrorCode.PRECONDITION_FAILED, () -> sync.write(ROOM, Write.of("x", 1).when("'true'")));
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "x").isEmpty());
        }

        @Test
        void evaluationErrorRefusesWithDetail() {
            PreconditionFailedException e = fails(PreconditionFailedException.class, ErrorCode.PRECONDITION_FAILED,
                    () -> sync.write(ROOM, Write.of("x", 1).when("state._shared.missing == 1")));
            assertTrue(e.evaluated().isEmpty());
            assertTrue(e.detail().orElseThrow().contains("missing"), e.detail().orElseThrow());
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "x").isEmpty());
        }

        @Test
        void syntaxErrorHasLineAndColumn() {
            InvalidCelException e = fails(InvalidCelException.class, ErrorCode.INVALID_CEL,
                    () -> sync.write(ROOM, Write.of("x", 1).when("state._shared.a == 1 &&\n  state._shared.b === 2")));
            assertEquals(2, e.line());
            assertTrue(e.column() >= 1 && e.column() <= 22, "column " + e.column());
            assertFalse(e.detail().isBlank());
            fails(InvalidCelException.class, ErrorCode.INVALID_CEL, () -> sync.write(ROOM, Write.of("x", 1).when("nosuchvar == 1")));
        }

        @Test
        void gateIsCheckedBeforeVersion() {
            sync.write(ROOM, Write.of("k", 1));
            fails(ErrorCode.PRECONDITION_FAILED, () -> sync.write(ROOM, Write.of("k", 2).ifVersion(9).when("false")));
            fails(ErrorCode.VERSION_CONFLICT, () -> sync.write(ROOM, Write.of("k", 2).ifVersion(9).when("true")));
            assertEquals(2, sync.write(ROOM, Write.of("k", 2).ifVersion(1).when("state._shared.k == 1")).entry().version());
        }

        @Test
        void numbersCompareAcrossIntAndDouble() {
            sync.write(ROOM, Write.of("score", NODES.numberNode(40.5)));
            sync.write(ROOM, Write.of("ok", 1).when("state._shared.score > 40"));
            sync.write(ROOM, Write.of("n", 3));
            sync.write(ROOM, Write.of("ok2", 1).when("state._shared.n < 3.5 && has(state._shared.n) && !has(state._shared.zzz)"));
            sync.write(ROOM, Write.of("ok3", 1).when("'n' in state._shared && state._shared.n == 3"));
        }
    }

    @Nested
    class Increments {
        @Test
        void missingKeyStartsAtZeroAndIntsStayInts() {
            assertEquals(5, sync.write(ROOM, Write.increment("c", 5)).entry().value().longValue());
            JsonNode v = sync.write(ROOM, Write.increment("c", 2)).entry().value();
            assertTrue(v.isIntegralNumber());
            assertEquals(7, v.longValue());
            assertEquals(-3, sync.write(ROOM, Write.increment("c", -10)).entry().value().longValue());
        }

        @Test
        void fractionalDeltasAreExactDoubles() {
            sync.write(ROOM, Write.increment("d", 0.1));
            JsonNode v = sync.write(ROOM, Write.increment("d", 0.2)).entry().value();
            assertTrue(v.isDouble());
            assertEquals(0.1 + 0.2, v.doubleValue(), 0.0);
            sync.write(ROOM, Write.of("i", 1));
            assertEquals(1.5, sync.write(ROOM, Write.increment("i", 0.5)).entry().value().doubleValue(), 0.0);
        }

        @Test
        void nonNumberCurrentIsNotANumber() {
            sync.write(ROOM, Write.of("s", "text"));
            NotANumberException e = fails(NotANumberException.class, ErrorCode.NOT_A_NUMBER, () -> sync.write(ROOM, Write.increment("s", 1)));
            assertEquals("text", e.current().value().textValue());
            assertEquals("text", value("s").textValue());
        }

        @Test
        void nonNumberDeltaIsInvalid() {
            fails(ErrorCode.INVALID_REQUEST, () -> sync.write(ROOM, new Write("_shared", "c", TextNode.valueOf("1"), null, null, true, null)));
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "c").isEmpty());
        }

        @Test
        void overflowIsRefused() {
            sync.write(ROOM, Write.of("big", Long.MAX_VALUE));
            fails(ErrorCode.INVALID_REQUEST, () -> sync.write(ROOM, Write.increment("big", 1)));
            assertEquals(Long.MAX_VALUE, value("big").longValue());
        }

        @Test
        void concurrentIncrementsLoseNothing() throws Exception {
            int threads = 8;
            int each = 500;
            runConcurrently(threads, t -> {
                for (int i = 0; i < each; i++) {
                    sync.write(ROOM, Write.increment("counter", 1));
                }
            });
            Entry e = sync.entry(ROOM, Scopes.SHARED, "counter").orElseThrow();
            assertEquals(threads * each, e.value().longValue());
            assertEquals(threads * each, e.version());
        }
    }

    @Nested
    class Batches {
        @Test
        void batchCommitsAllAsOneRevision() {
            long r = revision();
            BatchResult b = sync.batch(ROOM, List.of(Write.of("phase", "planning"), Write.of("turn", 0), Write.of("currentPlayer", "agent-a")));
            assertEquals(3, b.entries().size());
            assertEquals(r + 1, b.revision());
            assertEquals("agent-a", value("currentPlayer").textValue());
        }

        @Test
        void aMismatchingVersionAnywhereWritesNothing() {
            sync.write(ROOM, Write.of("a", 1));
            sync.write(ROOM, Write.of("b", 1));
            long r = revision();
            VersionConflictException e = fails(VersionConflictException.class, ErrorCode.VERSION_CONFLICT, () -> sync.batch(ROOM,
                    List.of(Write.of("a", 2).ifVersion(1), Write.of("new", 1), Write.of("b", 2).ifVersion(7))));
            assertEquals(2, e.index().orElseThrow());
            assertEquals(1, e.current().orElseThrow().version());
            assertEquals(1, value("a").intValue());
            assertEquals(1, sync.entry(ROOM, Scopes.SHARED, "a").orElseThrow().version());
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "new").isEmpty());
            assertEquals(r, revision());
        }

        @Test
        void failingGateWritesNothing() {
            sync.write(ROOM, Write.of("phase", "voting"));
            PreconditionFailedException e = fails(PreconditionFailedException.class, ErrorCode.PRECONDITION_FAILED,
                    () -> sync.batch(ROOM, List.of(Write.of("x", 1), Write.of("y", 2)), "state._shared.phase == 'done'", Caller.anonymous()));
            assertEquals(NODES.booleanNode(false), e.evaluated().orElseThrow());
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "x").isEmpty());
        }

        @Test
        void laterWritesSeeEarlierOnesAndANotANumberUndoesAll() {
            BatchResult b = sync.batch(ROOM, List.of(Write.increment("n", 1), Write.increment("n", 1), Write.of("m", 1).ifVersion(0)));
            assertEquals(2, b.entries().get(1).value().intValue());
            assertEquals(2, b.entries().get(1).version());
            fails(ErrorCode.NOT_A_NUMBER, () -> sync.batch(ROOM, List.of(Write.of("t", "text"), Write.increment("n", 5), Write.increment("t", 1))));
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "t").isEmpty());
            assertEquals(2, value("n").intValue());
        }

        @Test
        void batchLimitsAndShapes() {
            Sync small = Sync.builder().store(store).clock(time).limits(Limits.defaults().withMaxBatch(2)).build();
            fails(ErrorCode.INVALID_REQUEST, () -> small.batch(ROOM, List.of(Write.of("a", 1), Write.of("b", 1), Write.of("c", 1))));
            fails(ErrorCode.INVALID_REQUEST, () -> sync.batch(ROOM, List.of()));
            SyncException e = fails(ErrorCode.INVALID_ID, () -> sync.batch(ROOM, List.of(Write.of("ok", 1), Write.of("bad key", 1))));
            assertTrue(e.getMessage().startsWith("writes[1]"), e.getMessage());
            fails(ErrorCode.INVALID_REQUEST, () -> sync.batch(ROOM, List.of(Write.of("a", 1).when("true"))));
            assertTrue(sync.state(ROOM, StateQuery.all()).isEmpty());
            small.close();
        }

        @Test
        void batchesThatFailHalfwayAmongConcurrentCommitsLeaveNothingBehind() throws Exception {
            int threads = 8;
            int each = 40;
            long before = revision();
            runConcurrently(threads, t -> {
                for (int k = 0; k < each; k++) {
                    if (t % 2 == 0) {
                        // writes its first key, then fails on the second: all of it must vanish
                        assertThrows(VersionConflictException.class, () -> sync.batch(ROOM,
                                List.of(Write.of("ghost-" + t, 1), Write.increment("counter", 1000), Write.of("guard", 1).ifVersion(99))));
                    } else {
                        sync.write(ROOM, Write.increment("counter", 1));
                    }
                }
            });
            assertEquals((threads / 2) * each, value("counter").longValue());
            assertEquals((threads / 2) * each, sync.entry(ROOM, Scopes.SHARED, "counter").orElseThrow().version());
            for (int t = 0; t < threads; t += 2) {
                assertTrue(sync.entry(ROOM, Scopes.SHARED, "ghost-" + t).isEmpty());
            }
            assertTrue(sync.entry(ROOM, Scopes.SHARED, "guard").isEmpty());
            assertEquals(before + (threads / 2) * each, revision(), "only the committed writes moved the revision");
        }

        @Test
        void concurrentReadersNeverSeeHalfABatch() throws Exception {
            sync.batch(ROOM, List.of(Write.of("a", 0), Write.of("b", 0)));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger torn = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<?> writer = pool.submit(() -> {
                    for (int i = 1; i <= 2000; i++) {
                        sync.batch(ROOM, List.of(Write.of("a", i), Write.of("b", i)));
                    }
                    stop.set(true);
                });
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        while (!stop.get()) {
                            List<Entry> all = sync.state(ROOM, StateQuery.scope(Scopes.SHARED));
                            if (all.get(0).value().longValue() != all.get(1).value().longValue()) {
                                torn.incrementAndGet();
                            }
                            if (!sync.eval(ROOM, "state._shared.a == state._shared.b").value().booleanValue()) {
                                torn.incrementAndGet();
                            }
                            reads.incrementAndGet();
                        }
                    }));
                }
                writer.get(60, TimeUnit.SECONDS);
                for (Future<?> f : readers) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, torn.get(), "torn reads out of " + reads.get());
            assertTrue(reads.get() > 0);
            assertEquals(2000, value("a").intValue());
        }
    }

    @Nested
    class Views {
        @Test
        void viewResolvesOnReadAndIsVisibleToCel() {
            sync.join(ROOM, JoinRequest.of("agent-a"));
            WriteResult w = sync.write(ROOM, Write.view("all_ready", "agents[\"agent-a\"].status == \"active\""));
            assertEquals("agents[\"agent-a\"].status == \"active\"", w.entry().expr());
            assertEquals(NODES.booleanNode(true), w.entry().resolvedValue());
            Entry read = sync.entry(ROOM, Scopes.VIEW, "all_ready").orElseThrow();
            assertEquals(NODES.booleanNode(true), read.resolvedValue());
            assertTrue(sync.eval(ROOM, "state._view.all_ready == true").value().booleanValue());
            sync.write(ROOM, Write.of("go", 1).when("state._view.all_ready"));
        }

        @Test
        void viewsReadOtherViewsInAnyOrder() {
            sync.write(ROOM, Write.view("a", "state._view.b + 1"));
            sync.write(ROOM, Write.view("b", "state._view.c * 2"));
            sync.write(ROOM, Write.view("c", "state._shared.base"));
            sync.write(ROOM, Write.of("base", 10));
            assertEquals(21, sync.entry(ROOM, Scopes.VIEW, "a").orElseThrow().resolvedValue().intValue());
            assertEquals(21, sync.eval(ROOM, "state._view.a").value().intValue());
        }

        @Test
        void cycleAndErrorBecomeErrorValues() {
            sync.write(ROOM, Write.view("x", "state._view.y"));
            sync.write(ROOM, Write.view("y", "state._view.x"));
            sync.write(ROOM, Write.view("broken", "state._shared.nothing > 1"));
            sync.write(ROOM, Write.view("fine", "1 + 1"));
            Map<String, JsonNode> resolved = new java.util.HashMap<>();
            for (Entry e : sync.state(ROOM, StateQuery.scope(Scopes.VIEW))) {
                resolved.put(e.key(), e.resolvedValue());
            }
            assertTrue(resolved.get("x").path("_error").asText().startsWith("cycle"), resolved.toString());
            assertTrue(resolved.get("y").path("_error").asText().startsWith("cycle"), resolved.toString());
            assertTrue(resolved.get("broken").path("_error").asText().contains("nothing"), resolved.toString());
            assertEquals(2, resolved.get("fine").intValue());
        }

        @Test
        void invalidViewIsRefusedAtWriteTime() {
            fails(InvalidCelException.class, ErrorCode.INVALID_CEL, () -> sync.write(ROOM, Write.view("v", "1 +")));
            assertTrue(sync.entry(ROOM, Scopes.VIEW, "v").isEmpty());
        }

        @Test
        void unresolvedReadShowsOnlyTheExpression() {
            sync.write(ROOM, Write.view("v", "1 + 1"));
            Entry e = sync.state(ROOM, new StateQuery(Scopes.VIEW, "v", false)).get(0);
            assertEquals("1 + 1", e.expr());
            assertNull(e.resolvedValue());
        }
    }

    @Nested
    class Reads {
        @Test
        void filtersByScopeKeyAndBoth() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            sync.write(ROOM, Write.of("k", 1));
            sync.write(ROOM, Write.of("k", 2).inScope("a"), a.caller());
            sync.write(ROOM, Write.of("other", 3).inScope("a"), a.caller());
            assertEquals(3, sync.state(ROOM, StateQuery.all()).size());
            assertEquals(List.of("k", "other"), sync.state(ROOM, StateQuery.scope("a")).stream().map(Entry::key).toList());
            assertEquals(List.of("_shared", "a"), sync.state(ROOM, new StateQuery(null, "k", true)).stream().map(Entry::scope).toList());
            assertEquals(2, sync.entry(ROOM, "a", "k").orElseThrow().value().intValue());
            assertTrue(sync.entry(ROOM, "a", "nope").isEmpty());
            assertTrue(sync.state(ROOM, StateQuery.scope("empty")).isEmpty());
        }

        @Test
        void evalReportsContext() {
            sync.join(ROOM, JoinRequest.of("a"));
            sync.write(ROOM, Write.of("n", 2));
            sync.post(ROOM, NewMessage.of("a", "task", "t"));
            EvalResult r = sync.eval(ROOM, "state._shared.n * 21");
            assertEquals(42, r.value().intValue());
            assertEquals(revision(), r.revision());
            assertEquals(List.of("_shared", "_view"), r.stateScopes());
            assertEquals(List.of("a"), r.agents());
            assertEquals(MessageCounts.tally().add("task", MessageState.UNCLAIMED, 1).build(), r.messages());
            CelErrorException e = fails(CelErrorException.class, ErrorCode.CEL_ERROR, () -> sync.eval(ROOM, "state._shared.nope"));
            assertTrue(e.detail().contains("nope"));
            fails(ErrorCode.INVALID_CEL, () -> sync.eval(ROOM, "(("));
        }

        @Test
        void comprehensionsAreBounded() {
            fails(ErrorCode.CEL_ERROR, () -> sync.eval(ROOM, "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, "
                    + "[1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, true)))))"));
        }
    }

    @Nested
    class Identity {
        @Test
        void joinReturnsATokenOnceAndStoresOnlyItsHash() {
            Joined j = sync.join(ROOM, new JoinRequest("agent-a", "Alice", "coordinator", null));
            assertTrue(j.token().matches("as_[0-9a-f]{48}"), j.token());
            assertEquals("Alice", j.agent().name());
            assertEquals("coordinator", j.agent().role());
            assertEquals(AgentStatus.ACTIVE, j.agent().status());
            AgentRecord stored = store.read(ROOM, v -> v.agent("agent-a").orElseThrow());
            assertNotEquals(j.token(), stored.tokenHash());
            assertEquals(Tokens.hash(j.token()), stored.tokenHash());
            assertFalse(stored.toString().contains(j.token()));
            assertFalse(j.toString().contains(j.token()));
        }

        @Test
        void defaultsForIdNameAndRole() {
            Joined j = sync.join(ROOM, new JoinRequest(null, null, null, null));
            assertEquals(36, j.agent().id().length());
            assertEquals(j.agent().id(), j.agent().name());
            assertEquals("agent", j.agent().role());
        }

        @Test
        void rejoinNeedsTheCurrentTokenAndRotatesIt() {
            Joined first = sync.join(ROOM, JoinRequest.of("a"));
            fails(ErrorCode.AGENT_EXISTS, () -> sync.join(ROOM, JoinRequest.of("a")));
            Joined other = sync.join(ROOM, JoinRequest.of("b"));
            fails(ErrorCode.INVALID_TOKEN, () -> sync.join(ROOM, JoinRequest.of("a"), other.caller()));
            Joined second = sync.join(ROOM, JoinRequest.of("a"), first.caller());
            assertNotEquals(first.token(), second.token());
            fails(ErrorCode.INVALID_TOKEN, () -> sync.write(ROOM, Write.of("k", 1), first.caller()));
            fails(ErrorCode.INVALID_TOKEN, () -> sync.join(ROOM, JoinRequest.of("a"), first.caller()));
            sync.write(ROOM, Write.of("k", 1), second.caller());
            assertEquals(2, sync.agents(ROOM).size());
        }

        @Test
        void aTokenIsValidOnlyInItsRoom() {
            sync.createRoom("room-2");
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            sync.join("room-2", JoinRequest.of("a"));
            fails(ErrorCode.INVALID_TOKEN, () -> sync.write("room-2", Write.of("k", 1), a.caller()));
            fails(ErrorCode.INVALID_TOKEN, () -> sync.write(ROOM, Write.of("k", 1), Caller.bearer("as_" + "0".repeat(48))));
        }

        @Test
        void anAgentMayNotActAsAnother() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            sync.join(ROOM, JoinRequest.of("b"));
            IdentityMismatchException e = fails(IdentityMismatchException.class, ErrorCode.IDENTITY_MISMATCH,
                    () -> sync.write(ROOM, Write.of("k", 1).inScope("b"), a.caller()));
            assertEquals("a", e.authenticatedAs());
            assertEquals("b", e.claimed());
            assertAll(
                    () -> fails(ErrorCode.IDENTITY_MISMATCH, () -> sync.post(ROOM, NewMessage.of("b", "m", "hi"), a.caller())),
                    () -> fails(ErrorCode.IDENTITY_MISMATCH, () -> sync.heartbeat(ROOM, "b", "busy", a.caller())),
                    () -> fails(ErrorCode.IDENTITY_MISMATCH, () -> sync.delete(ROOM, "b", "k", null, a.caller())),
                    () -> fails(ErrorCode.IDENTITY_MISMATCH, () -> sync.await(ROOM, WaitRequest.until("true").as("b"), a.caller())),
                    () -> fails(ErrorCode.IDENTITY_MISMATCH, () -> sync.eval(ROOM, "true", "b", a.caller())));
            sync.write(ROOM, Write.of("k", 1).inScope("a"), a.caller());
            sync.write(ROOM, Write.of("k", 1), a.caller());
            // without a token identity is unverified (the original's opt-in model)
            sync.write(ROOM, Write.of("k", 2).inScope("b"));
        }

        @Test
        void requireAuthRefusesAnonymousMutations() {
            Sync strict = Sync.builder().store(store).clock(time).requireAuth(true).build();
            Joined a = strict.join(ROOM, JoinRequest.of("a"));
            fails(ErrorCode.AUTHENTICATION_REQUIRED, () -> strict.write(ROOM, Write.of("k", 1)));
            fails(ErrorCode.AUTHENTICATION_REQUIRED, () -> strict.post(ROOM, NewMessage.of(null, "m", "x")));
            strict.write(ROOM, Write.of("k", 1), a.caller());
            assertEquals(1, strict.state(ROOM, StateQuery.all()).size());
            strict.close();
        }
    }

    @Nested
    class Messages {
        @Test
        void idsAreASequenceFromOneAndBodiesComeBackUnchanged() {
            JsonNode body = json("{\"task\":\"analyze X\",\"files\":[1,2]}");
            Message m1 = sync.post(ROOM, NewMessage.of("coord", "task", body));
            Message m2 = sync.post(ROOM, NewMessage.of(null, null, "plain"));
            assertEquals(1, m1.id());
            assertEquals(2, m2.id());
            assertEquals(body, sync.messages(ROOM, MessageQuery.all()).get(0).body());
            assertEquals("message", m2.kind());
            assertEquals(time.instant(), m1.createdAt());
            assertNull(m1.claimedBy());
        }

        @Test
        void replyToMustExistAndThreadsCollectReplies() {
            Message task = sync.post(ROOM, NewMessage.of("coord", "task", "t"));
            sync.post(ROOM, NewMessage.of("w1", "result", "r1").replyTo(task.id()));
            sync.post(ROOM, NewMessage.of("w2", "note", "unrelated"));
            sync.post(ROOM, NewMessage.of("w2", "result", "r2").replyTo(task.id()));
            fails(ErrorCode.REPLY_TO_NOT_FOUND, () -> sync.post(ROOM, NewMessage.of("w1", "result", "x").replyTo(99)));
            assertEquals(List.of(1L, 2L, 4L), ids(sync.messages(ROOM, MessageQuery.thread(task.id()))));
            assertEquals(4, sync.messages(ROOM, MessageQuery.all()).size());
        }

        @Test
        void filtersCombineAndPageInIdOrder() {
            for (int i = 1; i <= 10; i++) {
                sync.post(ROOM, new NewMessage(i % 2 == 0 ? "even" : "odd", i <= 5 ? "w" : null, i % 3 == 0 ? "task" : "chat",
                        NODES.numberNode(i), null));
            }
            sync.claim(ROOM, 3, "w");
            assertEquals(List.of(6L, 7L, 8L, 9L, 10L), ids(sync.messages(ROOM, MessageQuery.all().after(5))));
            assertEquals(List.of(6L, 9L), ids(sync.messages(ROOM, MessageQuery.unclaimed("task"))));
            assertEquals(List.of(2L, 4L, 6L, 8L, 10L), ids(sync.messages(ROOM, new MessageQuery(null, null, null, false, "even", null, 0))));
            assertEquals(List.of(1L, 3L, 5L), ids(sync.messages(ROOM, new MessageQuery(null, null, null, false, "odd", "w", 0))));
            assertEquals(List.of(1L, 2L), ids(sync.messages(ROOM, MessageQuery.all().limit(2))));
            fails(ErrorCode.INVALID_REQUEST, () -> sync.messages(ROOM, MessageQuery.all().limit(-1)));
        }

        @Test
        void pageSizeDefaultsAndCaps() {
            for (int i = 0; i < 520; i++) {
                sync.post(ROOM, NewMessage.of("a", "m", "x"));
            }
            assertEquals(50, sync.messages(ROOM, MessageQuery.all()).size());
            assertEquals(500, sync.messages(ROOM, MessageQuery.all().limit(10_000)).size());
            assertEquals(520, sync.messages(ROOM, MessageQuery.all().after(500).limit(100)).get(19).id());
        }

        @Test
        void aggregateIsVisibleToCel() {
            sync.post(ROOM, NewMessage.of("c", "task", "a"));
            sync.post(ROOM, NewMessage.of("c", "task", "b"));
            sync.claim(ROOM, 1, "w");
            assertTrue(sync.eval(ROOM, "messages.count == 2 && messages.unclaimed == 1").value().booleanValue());
        }

        @Test
        void tokenSetsFromAndMayNotPostAsAnother() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            assertEquals("a", sync.post(ROOM, NewMessage.of(null, "m", "hi"), a.caller()).from());
            fails(ErrorCode.IDENTITY_MISMATCH, () -> sync.post(ROOM, NewMessage.of("z", "m", "hi"), a.caller()));
        }

        private List<Long> ids(List<Message> ms) {
            return ms.stream().map(Message::id).toList();
        }
    }

    @Nested
    class Claims {
        @Test
        void firstClaimWinsAndTheLoserLearnsTheHolder() {
            Message m = sync.post(ROOM, NewMessage.of("coord", "task", "t"));
            ClaimResult won = sync.claim(ROOM, m.id(), "w1");
            assertEquals("w1", won.claimedBy());
            time.advance(ms(5));
            AlreadyClaimedException e = fails(AlreadyClaimedException.class, ErrorCode.ALREADY_CLAIMED, () -> sync.claim(ROOM, m.id(), "w2"));
            assertEquals("w1", e.claimedBy());
            assertEquals(won.claimedAt(), e.claimedAt());
            Message stored = sync.messages(ROOM, MessageQuery.all()).get(0);
            assertEquals("w1", stored.claimedBy());
            assertEquals(won.claimedAt(), stored.claimedAt());
            assertEquals(won.claimedAt(), sync.claim(ROOM, m.id(), "w1").claimedAt(), "re-claim by the holder is idempotent");
            fails(ErrorCode.MESSAGE_NOT_FOUND, () -> sync.claim(ROOM, 42, "w1"));
            fails(ErrorCode.INVALID_ID, () -> sync.claim(ROOM, m.id(), ""));
        }

        @Test
        void claimingAsAnotherAgentIsRefused() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            Message m = sync.post(ROOM, NewMessage.of("c", "task", "t"));
            fails(ErrorCode.IDENTITY_MISMATCH, () -> sync.claim(ROOM, m.id(), "b", a.caller()));
            assertEquals("a", sync.claim(ROOM, m.id(), "a", a.caller()).claimedBy());
        }

        @Test
        void ofManyConcurrentClaimersExactlyOneWins() throws Exception {
            int claimers = 8;
            for (int round = 0; round < 50; round++) {
                long id = sync.post(ROOM, NewMessage.of("coord", "task", "t" + round)).id();
                AtomicInteger wins = new AtomicInteger();
                AtomicInteger losses = new AtomicInteger();
                List<String> holders = java.util.Collections.synchronizedList(new ArrayList<>());
                runConcurrently(claimers, t -> {
                    try {
                        sync.claim(ROOM, id, "w" + t);
                        wins.incrementAndGet();
                    } catch (AlreadyClaimedException e) {
                        losses.incrementAndGet();
                        holders.add(e.claimedBy());
                    }
                });
                assertEquals(1, wins.get(), "round " + round);
                assertEquals(claimers - 1, losses.get());
                String holder = sync.messages(ROOM, MessageQuery.all().after(id - 1).limit(1)).get(0).claimedBy();
                assertTrue(holders.stream().allMatch(holder::equals), holders + " vs " + holder);
            }
            assertEquals(0, sync.messages(ROOM, new MessageQuery(null, null, null, true, null, null, 500)).size());
        }
    }

    @Nested
    class Presence {
        @Test
        void heartbeatSetsStatusAndTime() {
            sync.join(ROOM, JoinRequest.of("a"));
            time.advance(Duration.ofSeconds(3));
            Agent a = sync.heartbeat(ROOM, "a", "busy", Caller.anonymous());
            assertEquals(AgentStatus.BUSY, a.status());
            assertEquals(time.instant(), a.lastHeartbeat());
            assertEquals(AgentStatus.ACTIVE, sync.heartbeat(ROOM, "a", null, Caller.anonymous()).status());
            assertTrue(sync.eval(ROOM, "agents.a.status == 'active' && agents.a.waiting_on == null && agents.a.role == 'agent'")
                    .value().booleanValue());
        }

        @Test
        void invalidStatusesAndUnknownAgents() {
            sync.join(ROOM, JoinRequest.of("a"));
            fails(ErrorCode.INVALID_STATUS, () -> sync.heartbeat(ROOM, "a", "waiting", Caller.anonymous()));
            fails(ErrorCode.INVALID_STATUS, () -> sync.heartbeat(ROOM, "a", "sleepy", Caller.anonymous()));
            fails(ErrorCode.AGENT_NOT_FOUND, () -> sync.heartbeat(ROOM, "ghost", "busy", Caller.anonymous()));
        }

        @Test
        void everyActionRefreshesTheHeartbeatExceptForDoneAgents() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            sync.join(ROOM, JoinRequest.of("d"));
            sync.heartbeat(ROOM, "d", "done", Caller.anonymous());
            java.time.Instant doneAt = time.instant();
            time.advance(Duration.ofSeconds(1));
            sync.write(ROOM, Write.of("k", 1), a.caller());
            assertEquals(time.instant(), agent("a").lastHeartbeat());
            time.advance(Duration.ofSeconds(1));
            Message m = sync.post(ROOM, NewMessage.of("a", "task", "t"));
            assertEquals(time.instant(), agent("a").lastHeartbeat());
            time.advance(Duration.ofSeconds(1));
            sync.claim(ROOM, m.id(), "a");
            assertEquals(time.instant(), agent("a").lastHeartbeat());
            time.advance(Duration.ofSeconds(1));
            sync.write(ROOM, Write.of("k", 1).inScope("a")); // anonymous, as a
            assertEquals(time.instant(), agent("a").lastHeartbeat());
            time.advance(Duration.ofSeconds(1));
            sync.eval(ROOM, "true", "a", a.caller());
            assertEquals(time.instant(), agent("a").lastHeartbeat());
            time.advance(Duration.ofSeconds(1));
            sync.post(ROOM, NewMessage.of("d", "m", "x"));
            sync.write(ROOM, Write.of("k", 1).inScope("d"));
            assertEquals(doneAt, agent("d").lastHeartbeat());
            assertEquals(AgentStatus.DONE, agent("d").status());
        }

        @Test
        void agentsAreListedInJoinOrder() {
            for (String id : new String[] {"zed", "amy", "mid"}) {
                sync.join(ROOM, JoinRequest.of(id));
            }
            assertEquals(List.of("zed", "amy", "mid"), sync.agents(ROOM).stream().map(Agent::id).toList());
        }

        private Agent agent(String id) {
            return sync.agents(ROOM).stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        }
    }

    @Nested
    class Waits {
        @Test
        void aConditionAlreadyTrueReturnsAtOnce() {
            sync.write(ROOM, Write.of("turn", 1));
            var f = sync.await(ROOM, WaitRequest.until("state._shared.turn == 1").include("state"));
            assertTrue(f.isDone());
            WaitResult r = f.join();
            assertTrue(r.triggered());
            assertEquals(NODES.booleanNode(true), r.value());
            assertEquals(revision(), r.revision());
            assertEquals(1, r.included().state().get("_shared").get("turn").intValue());
            assertEquals(0, sync.waiting(ROOM));
        }

        @Test
        void wakesOnTheFirstCommitThatMakesItTrueWithThatRevisionsData() {
            var f = sync.await(ROOM, WaitRequest.until("has(state._shared.n) && state._shared.n >= 3").include("state", "messages"));
            sync.write(ROOM, Write.of("n", 1));
            sync.write(ROOM, Write.of("n", 2));
            assertFalse(f.isDone());
            long r3 = sync.write(ROOM, Write.of("n", 3)).revision();
            assertTrue(f.isDone(), "completed by the commit itself, no polling");
            sync.write(ROOM, Write.of("n", 4));
            WaitResult r = f.join();
            assertEquals(r3, r.revision());
            assertEquals(3, r.included().state().get("_shared").get("n").intValue());
            assertEquals(MessageCounts.NONE, r.included().messages());
        }

        @Test
        void trueThenFalseStillWakesEarlierWaiters() {
            var f1 = sync.await(ROOM, WaitRequest.until("has(state._shared.flag) && state._shared.flag"));
            var f2 = sync.await(ROOM, WaitRequest.until("has(state._shared.flag) && state._shared.flag").include("state._shared"));
            long rTrue = sync.write(ROOM, Write.of("flag", NODES.booleanNode(true))).revision();
            sync.write(ROOM, Write.of("flag", NODES.booleanNode(false)));
            assertEquals(rTrue, f1.join().revision());
            assertTrue(f2.join().included().state().get("_shared").get("flag").booleanValue());
            assertFalse(sync.await(ROOM, WaitRequest.until("state._shared.flag").timeout(ms(10))).isDone());
        }

        @Test
        void timeoutsFireAtTheConfiguredTimeNeverEarlyWithTheLastError() {
            var f = sync.await(ROOM, WaitRequest.until("state._shared.missing == 1").timeout(ms(1000)).include("agents"));
            time.advance(ms(999));
            assertFalse(f.isDone());
            time.advance(ms(1));
            assertTrue(f.isDone());
            WaitResult r = f.join();
            assertFalse(r.triggered());
            assertTrue(r.timedOut());
            assertEquals(1000, r.elapsedMs());
            assertTrue(r.lastError().contains("missing"), r.lastError());
            assertEquals(List.of(), r.included().agents());
            assertEquals(0, sync.waiting(ROOM));
        }

        @Test
        void defaultAndMaximumTimeouts() {
            var dflt = sync.await(ROOM, WaitRequest.until("false"));
            var tooLong = sync.await(ROOM, WaitRequest.until("false").timeout(Duration.ofHours(1)));
            time.advance(ms(24_999));
            assertFalse(dflt.isDone() || tooLong.isDone());
            time.advance(ms(1));
            assertTrue(dflt.isDone() && tooLong.isDone());
            fails(ErrorCode.INVALID_REQUEST, () -> sync.await(ROOM, WaitRequest.until("true").timeout(ms(-1))));
        }

        @Test
        void aSyntaxErrorFailsAtOnceAndRegistersNothing() {
            InvalidCelException e = fails(InvalidCelException.class, ErrorCode.INVALID_CEL, () -> sync.await(ROOM, WaitRequest.until("state._shared.x ==")));
            assertTrue(e.column() > 0);
            fails(ErrorCode.INVALID_REQUEST, () -> sync.await(ROOM, WaitRequest.until("true").include("everything")));
            assertEquals(0, sync.waiting(ROOM));
            assertEquals(0, time.pending());
        }

        @Test
        void presenceShowsWaitingWhileInFlightAndRestoresThePreviousStatus() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            sync.heartbeat(ROOM, "a", "busy", a.caller());
            var watcher = sync.await(ROOM, WaitRequest.until("agents[\"a\"].status == \"waiting\"").include("agents"));
            assertFalse(watcher.isDone());
            String cond = "state._shared.phase == \"go\"";
            var f = sync.await(ROOM, WaitRequest.until(cond).as("a"), a.caller());
            assertTrue(watcher.isDone(), "another agent's wait on a's presence wakes when a starts waiting");
            Agent seen = watcher.join().included().agents().get(0);
            assertEquals(AgentStatus.WAITING, seen.status());
            assertEquals(cond, seen.waitingOn());
            assertTrue(sync.eval(ROOM, "agents.a.status == 'waiting' && agents.a.waiting_on == '" + cond.replace("\"", "\\\"") + "'").value().booleanValue());
            sync.write(ROOM, Write.of("phase", "go"));
            assertTrue(f.join().triggered());
            Agent after = sync.agents(ROOM).get(0);
            assertEquals(AgentStatus.BUSY, after.status(), "the status before the wait comes back");
            assertNull(after.waitingOn());
        }

        @Test
        void timeoutAndCancellationRestoreTheStatusToo() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            var timed = sync.await(ROOM, WaitRequest.until("false").as("a").timeout(ms(100)), a.caller());
            assertEquals(AgentStatus.WAITING, sync.agents(ROOM).get(0).status());
            time.advance(ms(100));
            assertFalse(timed.join().triggered());
            assertEquals(AgentStatus.ACTIVE, sync.agents(ROOM).get(0).status());

            int before = time.pending(); // the one timer of things that end by themselves (presence going stale)
            var cancelled = sync.await(ROOM, WaitRequest.until("false").as("a"), a.caller());
            assertEquals(1, sync.waiting(ROOM));
            assertEquals(before + 1, time.pending());
            cancelled.cancel(true);
            assertEquals(0, sync.waiting(ROOM));
            assertEquals(before, time.pending(), "the wait's timer is cancelled with the wait");
            assertEquals(AgentStatus.ACTIVE, sync.agents(ROOM).get(0).status());
            assertNull(sync.agents(ROOM).get(0).waitingOn());
        }

        @Test
        void twoWaitsOfOneAgentRestoreOnlyAfterTheLast() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            var w1 = sync.await(ROOM, WaitRequest.until("has(state._shared.x)").as("a"), a.caller());
            var w2 = sync.await(ROOM, WaitRequest.until("has(state._shared.y)").as("a"), a.caller());
            sync.write(ROOM, Write.of("x", 1));
            assertTrue(w1.isDone());
            assertEquals(AgentStatus.WAITING, sync.agents(ROOM).get(0).status());
            sync.write(ROOM, Write.of("y", 1));
            assertTrue(w2.isDone());
            assertEquals(AgentStatus.ACTIVE, sync.agents(ROOM).get(0).status());
        }

        @Test
        void aHeartbeatDuringAWaitBecomesTheStatusAfterIt() {
            Joined a = sync.join(ROOM, JoinRequest.of("a"));
            var w = sync.await(ROOM, WaitRequest.until("has(state._shared.x)").as("a"), a.caller());
            assertEquals(AgentStatus.WAITING, sync.heartbeat(ROOM, "a", "idle", a.caller()).status());
            sync.write(ROOM, Write.of("x", 1));
            assertTrue(w.join().triggered());
            assertEquals(AgentStatus.IDLE, sync.agents(ROOM).get(0).status());
        }

        @Test
        void tenThousandWaitsOnTenConditionsCostTenEvaluationsPerCommit() {
            int threadsBefore = Thread.activeCount();
            List<java.util.concurrent.CompletableFuture<WaitResult>> fs = new ArrayList<>();
            sync.write(ROOM, Write.of("go", -1));
            for (int i = 0; i < 10_000; i++) {
                fs.add(sync.await(ROOM, WaitRequest.until("state._shared.go == " + (i % 10)).timeout(Duration.ofSeconds(20))));
            }
            assertEquals(10_000, sync.waiting(ROOM));
            assertTrue(Thread.activeCount() <= threadsBefore + 2, "waits hold no threads: " + threadsBefore + " -> " + Thread.activeCount());
            long before = sync.celEvaluations();
            sync.write(ROOM, Write.of("unrelated", 1));
            assertEquals(10, sync.celEvaluations() - before, "one evaluation per distinct condition");
            before = sync.celEvaluations();
            long rev = sync.write(ROOM, Write.of("go", 3)).revision();
            assertEquals(10, sync.celEvaluations() - before);
            long done = fs.stream().filter(java.util.concurrent.CompletableFuture::isDone).count();
            assertEquals(1000, done);
            assertTrue(fs.get(3).join().triggered());
            assertEquals(rev, fs.get(13).join().revision());
            assertEquals(9000, sync.waiting(ROOM));
            before = sync.celEvaluations();
            sync.write(ROOM, Write.of("unrelated", 2));
            assertEquals(9, sync.celEvaluations() - before);
        }

        @Test
        void includeAgentsMessagesAndMessagesSince() {
            sync.join(ROOM, JoinRequest.of("a"));
            for (int i = 0; i < 60; i++) {
                sync.post(ROOM, NewMessage.of("a", "m", "x" + i));
            }
            Joined b = sync.join(ROOM, JoinRequest.of("b"));
            sync.write(ROOM, Write.of("s", 1).inScope("b"), b.caller());
            sync.write(ROOM, Write.view("v", "state.b.s + 1"));
            WaitResult r = sync.await(ROOM, WaitRequest.until("messages.count >= 60")
                    .include("agents", "messages", "messages:after:5", "state.b", "state._view")).join();
            assertEquals(List.of("a", "b"), r.included().agents().stream().map(Agent::id).toList());
            assertEquals(60, r.included().messages().count());
            assertEquals(60, r.included().messages().unclaimed());
            assertEquals(50, r.included().messagesSince().size());
            assertEquals(6, r.included().messagesSince().get(0).id());
            assertEquals(java.util.Set.of("b", "_view"), r.included().state().keySet());
            assertEquals(2, r.included().state().get("_view").get("v").intValue());
        }

        @Test
        void waitsWithAnAgentNeedAnExistingAgent() {
            fails(ErrorCode.AGENT_NOT_FOUND, () -> sync.await(ROOM, WaitRequest.until("false").as("ghost")));
            assertEquals(0, sync.waiting(ROOM));
        }

        @Test
        void closingAnswersParkedWaitsWithTriggeredFalse() {
            var f = sync.await(ROOM, WaitRequest.until("false"));
            sync.close();
            assertTrue(f.isDone());
            assertFalse(f.join().triggered());
            fails(ErrorCode.UNAVAILABLE, () -> sync.write(ROOM, Write.of("k", 1)));
        }

        @Test
        void realWritersWakeWaitersWithTheFirstRevisionThatSatisfies() throws Exception {
            List<java.util.concurrent.CompletableFuture<WaitResult>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(sync.await(ROOM, WaitRequest.until("has(state._shared.c) && state._shared.c >= 1000").include("state._shared")));
            }
            runConcurrently(4, t -> {
                for (int i = 0; i < 500; i++) {
                    sync.write(ROOM, Write.increment("c", 1));
                }
            });
            for (var f : fs) {
                WaitResult r = f.get(30, TimeUnit.SECONDS);
                assertEquals(1000, r.included().state().get("_shared").get("c").intValue());
            }
        }
    }

    /** Runs {@code body} on {@code n} real threads released together; rethrows the first failure. */
    protected static void runConcurrently(int n, ThrowingIntConsumer body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    start.await();
                    body.accept(id);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A body for {@link #runConcurrently}. */
    @FunctionalInterface
    protected interface ThrowingIntConsumer {
        void accept(int thread) throws Exception;
    }

    protected static Duration ms(long n) {
        return Duration.ofMillis(n);
    }
}
