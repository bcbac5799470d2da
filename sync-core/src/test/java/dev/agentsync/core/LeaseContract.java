package dev.agentsync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.spi.Store;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agents that fail: room settings, claim leases that end by themselves, renewal, release, completion, fences,
 * delivery counts and dead messages, fenced writes. Time moves only by {@link ManualTime#advance}. Runs for every
 * store as {@code StoreContract}'s nested {@code Leases} group.
 */
public abstract class LeaseContract {
    /** A fresh, empty store. */
    protected abstract Store newStore();

    protected static final String ROOM = "work";
    protected ManualTime time;
    protected Sync sync;

    @BeforeEach
    void setUpLeases() {
        time = new ManualTime();
        sync = Sync.builder().store(newStore()).clock(time).build();
        sync.createRoom(ROOM, null, RoomSettings.defaults().withMaxDeliveries(3));
        sync.join(ROOM, JoinRequest.of("w1"));
        sync.join(ROOM, JoinRequest.of("w2"));
    }

    @AfterEach
    void tearDownLeases() {
        if (sync != null) {
            sync.close();
        }
    }

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    private long revision() {
        return sync.room(ROOM).orElseThrow().revision();
    }

    private Message message(long id) {
        return sync.messages(ROOM, MessageQuery.all()).stream().filter(m -> m.id() == id).findFirst().orElseThrow();
    }

    private long task(String body) {
        return sync.post(ROOM, NewMessage.of(null, "task", body)).id();
    }

    private static <T extends SyncException> T fails(Class<T> type, ErrorCode code, org.junit.jupiter.api.function.Executable call) {
        T e = assertThrows(type, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void settingsComeBackWithEveryDefaultFilledIn() {
        RoomInfo plain = sync.createRoom("plain");
        assertEquals(RoomSettings.defaults(), plain.settings());
        assertEquals(new RoomSettings(null, null, 60_000, false, 10_000), sync.room("plain").orElseThrow().settings());
        RoomSettings s = RoomSettings.defaults().withClaimLease(ms(5_000)).withPresenceTtl(ms(1_000)).withReleaseClaimsOnOffline(true);
        sync.createRoom("custom", null, s);
        assertEquals(s, sync.room("custom").orElseThrow().settings());
        assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SyncException.class, () -> RoomSettings.defaults().withMaxDeliveries(0)).code());
    }

    @Test
    void aClaimIsAGrantWithAFenceAndADeliveryCount() {
        long id = task("t");
        Message before = message(id);
        assertEquals(0, before.fence());
        assertEquals(0, before.deliveryCount());
        ClaimResult c = sync.claim(ROOM, id, "w1");
        assertEquals(1, c.fence());
        assertEquals(1, c.deliveryCount());
        assertNull(c.leaseExpiresAt(), "no lease asked, none by default: the claim never expires");
        assertEquals(revision(), c.revision());
        time.advance(Duration.ofDays(365));
        assertEquals("w1", message(id).claimedBy());
    }

    @Test
    void aLeaseThatRunsOutEndsTheClaimByItselfAndTheNextGrantGetsTheNextFence() {
        long id = task("t");
        ClaimResult c = sync.claim(ROOM, id, "w1", ms(1_000), Caller.anonymous());
        assertEquals(time.instant().plusMillis(1_000), c.leaseExpiresAt());
        long rev = revision();
        time.advance(ms(999));
        assertEquals("w1", message(id).claimedBy());
        assertEquals(rev, revision());
        time.advance(ms(1)); // no request arrives: the one timer ends the claim
        Message m = message(id);
        assertNull(m.claimedBy());
        assertNull(m.claimedAt());
        assertNull(m.leaseExpiresAt());
        assertEquals(1, m.fence());
        assertEquals(1, m.deliveryCount());
        assertEquals(rev + 1, revision(), "the expiry is a commit");
        ClaimResult next = sync.claim(ROOM, id, "w2", ms(1_000), Caller.anonymous());
        assertEquals(2, next.fence());
        assertEquals(2, next.deliveryCount());
    }

    @Test
    void theRoomDefaultLeaseAppliesWhenAClaimGivesNone() {
        sync.createRoom("leased", null, RoomSettings.defaults().withClaimLease(ms(500)));
        sync.join("leased", JoinRequest.of("w"));
        long id = sync.post("leased", NewMessage.of(null, "task", "t")).id();
        ClaimResult c = sync.claim("leased", id, "w");
        assertEquals(time.instant().plusMillis(500), c.leaseExpiresAt());
        time.advance(ms(500));
        assertTrue(sync.messages("leased", MessageQuery.all()).get(0).claimable());
    }

    @Test
    void theHolderRenewsByClaimingAgainWithoutMovingTheRevision() {
        long id = task("t");
        sync.claim(ROOM, id, "w1", ms(1_000), Caller.anonymous());
        long rev = revision();
        time.advance(ms(800));
        ClaimResult renewed = sync.claim(ROOM, id, "w1", null, Caller.anonymous()); // the lease it had: 1 000 ms
        assertEquals(1, renewed.fence());
        assertEquals(1, renewed.deliveryCount());
        assertEquals(time.instant().plusMillis(1_000), renewed.leaseExpiresAt());
        assertEquals(rev, revision(), "a renewal is durable but does not move the revision");
        assertEquals(rev, renewed.revision());
        time.advance(ms(999));
        assertEquals("w1", message(id).claimedBy(), "the old deadline passed; the renewed one has not");
        time.advance(ms(1));
        assertTrue(message(id).claimable());
        AlreadyClaimedException e = assertThrows(AlreadyClaimedException.class, () -> {
            sync.claim(ROOM, id, "w2");
            sync.claim(ROOM, id, "w1");
        });
        assertEquals("w2", e.claimedBy());
    }

    @Test
    void aWorkerParkedOnItsKindWakesWhenACrashedWorkersLeaseExpires() {
        long id = task("t");
        sync.claim(ROOM, id, "w1", ms(10_000), Caller.anonymous()); // w1 then crashes: it never renews
        sync.post(ROOM, NewMessage.of(null, "chatter", "noise"));
        CompletableFuture<WaitResult> w = sync.await(ROOM,
                WaitRequest.until("messages.by_kind.task.unclaimed > 0").as("w2").timeout(ms(20_000)));
        sync.post(ROOM, NewMessage.of(null, "chatter", "more noise"));
        assertFalse(w.isDone(), "chatter of another kind does not wake a task worker");
        time.advance(ms(10_000));
        assertTrue(w.isDone());
        assertTrue(w.join().triggered());
        assertEquals(20_000, w.join().timeoutMs());
        assertEquals(2, sync.claim(ROOM, id, "w2").fence());
    }

    @Test
    void releaseGivesItBackAndChecksInTheContractsOrder() {
        long id = task("t");
        fails(SyncException.class, ErrorCode.MESSAGE_NOT_FOUND, () -> sync.release(ROOM, 99, "w1", Caller.anonymous()));
        NotHolderException nobody = fails(NotHolderException.class, ErrorCode.NOT_HOLDER, () -> sync.release(ROOM, id, "w1", Caller.anonymous()));
        assertTrue(nobody.claimedBy().isEmpty());
        sync.claim(ROOM, id, "w1");
        NotHolderException other = fails(NotHolderException.class, ErrorCode.NOT_HOLDER, () -> sync.release(ROOM, id, "w2", Caller.anonymous()));
        assertEquals("w1", other.claimedBy().orElseThrow());
        long rev = revision();
        ReleaseResult r = sync.release(ROOM, id, "w1", Caller.anonymous());
        assertFalse(r.dead());
        assertEquals(rev + 1, r.revision());
        assertTrue(message(id).claimable());
        assertEquals(2, sync.claim(ROOM, id, "w2").fence());
        sync.complete(ROOM, id, "w2", null, Caller.anonymous());
        fails(AlreadyCompletedException.class, ErrorCode.ALREADY_COMPLETED, () -> sync.release(ROOM, id, "w2", Caller.anonymous()));
    }

    @Test
    void completionIsFencedAndFinal() {
        long id = task("t");
        ClaimResult c = sync.claim(ROOM, id, "w1");
        fails(NotHolderException.class, ErrorCode.NOT_HOLDER, () -> sync.complete(ROOM, id, "w2", null, Caller.anonymous()));
        StaleFenceException stale = fails(StaleFenceException.class, ErrorCode.STALE_FENCE,
                () -> sync.complete(ROOM, id, "w1", c.fence() + 1, Caller.anonymous()));
        assertEquals(c.fence(), stale.currentFence());
        CompleteResult done = sync.complete(ROOM, id, "w1", c.fence(), Caller.anonymous());
        assertEquals(time.instant(), done.completedAt());
        Message m = message(id);
        assertEquals(MessageState.COMPLETED, m.state());
        assertEquals("w1", m.claimedBy(), "a completed message keeps who completed it");
        fails(AlreadyCompletedException.class, ErrorCode.ALREADY_COMPLETED, () -> sync.claim(ROOM, id, "w2"));
        fails(AlreadyCompletedException.class, ErrorCode.ALREADY_COMPLETED, () -> sync.complete(ROOM, id, "w1", null, Caller.anonymous()));
        assertEquals(1, sync.eval(ROOM, "messages.completed").value().intValue());
        assertEquals(0, sync.eval(ROOM, "messages.by_kind.task.unclaimed").value().intValue());
    }

    @Test
    void aHolderWhoseLeaseRanOutCannotCompleteEvenBeforeTheTimerRuns() {
        long id = task("t");
        sync.claim(ROOM, id, "w1", ms(100), Caller.anonymous());
        time.advance(ms(100));
        fails(NotHolderException.class, ErrorCode.NOT_HOLDER, () -> sync.complete(ROOM, id, "w1", 1L, Caller.anonymous()));
    }

    @Test
    void aMessageOutOfDeliveriesDiesInASecondCommitAndIsListedAsDead() {
        long id = task("t");
        for (int i = 1; i <= 2; i++) {
            sync.claim(ROOM, id, "w1", ms(100), Caller.anonymous());
            time.advance(ms(100));
        }
        sync.claim(ROOM, id, "w2");
        long rev = revision();
        ReleaseResult r = sync.release(ROOM, id, "w2", Caller.anonymous());
        assertTrue(r.dead());
        assertEquals(rev + 2, r.revision(), "the release, then the death");
        assertEquals(rev + 2, revision());
        Message m = message(id);
        assertTrue(m.dead());
        assertEquals(3, m.deliveryCount());
        fails(MessageDeadException.class, ErrorCode.MESSAGE_DEAD, () -> sync.claim(ROOM, id, "w1"));
        fails(MessageDeadException.class, ErrorCode.MESSAGE_DEAD, () -> sync.complete(ROOM, id, "w1", null, Caller.anonymous()));
        long other = task("u");
        assertEquals(List.of(id), sync.messages(ROOM, MessageQuery.all().dead(true)).stream().map(Message::id).toList());
        assertEquals(List.of(other), sync.messages(ROOM, MessageQuery.all().dead(false)).stream().map(Message::id).toList());
        assertEquals(List.of(other), sync.messages(ROOM, MessageQuery.unclaimed("task")).stream().map(Message::id).toList());
        EvalResult counts = sync.eval(ROOM, "[messages.count, messages.unclaimed, messages.claimed, messages.completed, messages.dead]");
        assertEquals("[2,1,0,0,1]", counts.value().toString());
    }

    @Test
    void anExpiryThatUsesUpTheLastDeliveryKillsTheMessageByItself() {
        long id = task("t");
        for (int i = 1; i <= 3; i++) {
            sync.claim(ROOM, id, "w" + (1 + i % 2), ms(100), Caller.anonymous());
            time.advance(ms(100));
        }
        assertTrue(message(id).dead());
        assertEquals(1, sync.eval(ROOM, "messages.by_kind.task.dead").value().intValue());
    }

    @Test
    void fencedWritesLandOnlyUnderTheCurrentGrant() {
        long id = task("t");
        ClaimResult c = sync.claim(ROOM, id, "w1", ms(1_000), Caller.anonymous());
        sync.write(ROOM, Write.of("result", "first").ifClaim(c.claimFence()));
        assertEquals("first", sync.entry(ROOM, Scopes.SHARED, "result").orElseThrow().value().textValue());
        time.advance(ms(1_000)); // w1 hangs; its lease runs out; w2 takes over
        ClaimResult c2 = sync.claim(ROOM, id, "w2", ms(1_000), Caller.anonymous());
        StaleFenceException stale = fails(StaleFenceException.class, ErrorCode.STALE_FENCE,
                () -> sync.write(ROOM, Write.of("result", "late").ifClaim(c.claimFence())));
        assertEquals(c2.fence(), stale.currentFence());
        assertEquals("w2", stale.claimedBy().orElseThrow());
        StaleFenceException inBatch = fails(StaleFenceException.class, ErrorCode.STALE_FENCE, () -> sync.batch(ROOM,
                List.of(Write.of("a", 1), Write.of("b", 2).ifClaim(c.claimFence())), null, Caller.anonymous()));
        assertEquals(1, inBatch.index().orElseThrow());
        assertTrue(sync.entry(ROOM, Scopes.SHARED, "a").isEmpty(), "nothing of the batch is written");
        sync.write(ROOM, Write.of("result", "second").ifClaim(c2.claimFence()));
        assertEquals("second", sync.entry(ROOM, Scopes.SHARED, "result").orElseThrow().value().textValue());
        fails(SyncException.class, ErrorCode.MESSAGE_NOT_FOUND, () -> sync.write(ROOM, Write.of("x", 1).ifClaim(new ClaimFence(99, 1))));
    }

    @Test
    void aFencedWriteWithATokenMustComeFromTheHolder() {
        Joined a = sync.join(ROOM, JoinRequest.of("a"));
        Joined b = sync.join(ROOM, JoinRequest.of("b"));
        long id = task("t");
        ClaimResult c = sync.claim(ROOM, id, "a", null, a.caller());
        fails(StaleFenceException.class, ErrorCode.STALE_FENCE,
                () -> sync.write(ROOM, Write.of("k", 1).ifClaim(c.claimFence()), b.caller()));
        sync.write(ROOM, Write.of("k", 1).ifClaim(c.claimFence()), a.caller());
        assertEquals(1, sync.entry(ROOM, Scopes.SHARED, "k").orElseThrow().version());
    }

    @Test
    void theFenceIsCheckedAfterTheGateAndTheVersion() {
        long id = task("t");
        ClaimFence wrong = new ClaimFence(id, 7);
        fails(PreconditionFailedException.class, ErrorCode.PRECONDITION_FAILED,
                () -> sync.write(ROOM, Write.of("k", 1).when("false").ifClaim(wrong)));
        fails(VersionConflictException.class, ErrorCode.VERSION_CONFLICT,
                () -> sync.write(ROOM, Write.of("k", 1).ifVersion(3).ifClaim(wrong)));
        fails(StaleFenceException.class, ErrorCode.STALE_FENCE, () -> sync.write(ROOM, Write.of("k", 1).ifClaim(wrong)));
    }

    @Test
    void anIncrementWithoutAValueAddsOne() {
        sync.write(ROOM, new Write(Scopes.SHARED, "n", null, null, null, true, null));
        sync.write(ROOM, new Write(Scopes.SHARED, "n", null, null, null, true, null));
        assertEquals(2, sync.entry(ROOM, Scopes.SHARED, "n").orElseThrow().value().intValue());
        sync.batch(ROOM, List.of(new Write(Scopes.SHARED, "n", null, null, null, true, null)));
        assertEquals(3, sync.entry(ROOM, Scopes.SHARED, "n").orElseThrow().value().intValue());
        assertTrue(sync.entry(ROOM, Scopes.SHARED, "n").orElseThrow().value().isIntegralNumber(), "1 is an integer");
    }

    @Test
    void aConditionKnownNotToBeBooleanIsRefusedAtOnce() {
        for (String c : List.of("1 + 2", "\"done\"", "[1, 2]")) {
            fails(InvalidCelException.class, ErrorCode.INVALID_CEL, () -> sync.await(ROOM, WaitRequest.until(c)));
        }
        CompletableFuture<WaitResult> dyn = sync.await(ROOM, WaitRequest.until("state._shared.x").timeout(ms(10)));
        sync.write(ROOM, Write.of("x", 5)); // not a boolean at run time: 'not yet'
        assertFalse(dyn.isDone());
        time.advance(ms(10));
        assertFalse(dyn.join().triggered());
        assertEquals(10, dyn.join().timeoutMs());
    }
}
