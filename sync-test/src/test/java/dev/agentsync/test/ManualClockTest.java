package dev.agentsync.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.Scheduler;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.store.memory.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The manual clock: time moves only in advance, and advance runs what falls due, in order, once. */
class ManualClockTest {
    private final ManualClock clock = new ManualClock();
    private final List<String> ran = new ArrayList<>();

    private void at(long delayMs, String name) {
        clock.schedule(delayMs, () -> ran.add(name + "@" + (clock.millis() - ManualClock.DEFAULT_START.toEpochMilli())));
    }

    @Test
    void timeMovesOnlyInAdvance() {
        assertEquals(ManualClock.DEFAULT_START, clock.instant());
        assertEquals(clock.instant(), clock.instant());
        clock.advance(Duration.ofMillis(1500));
        assertEquals(ManualClock.DEFAULT_START.plusMillis(1500), clock.instant());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), new ManualClock(Instant.parse("2030-01-01T00:00:00Z")).instant());
    }

    @Test
    void timersFireInDueOrderTiesInSchedulingOrderEachWithTheClockAtItsDueTime() {
        at(30, "c");
        at(10, "a");
        at(20, "b1");
        at(20, "b2");
        at(31, "later");
        clock.advance(Duration.ofMillis(30));
        assertEquals(List.of("a@10", "b1@20", "b2@20", "c@30"), ran);
        assertEquals(1, clock.pending());
        assertEquals(List.of(ManualClock.DEFAULT_START.plusMillis(31)), clock.pendingDue());
    }

    @Test
    void eachTimerFiresExactlyOnceAcrossAdvances() {
        at(10, "a");
        at(25, "b");
        clock.advance(Duration.ofMillis(10));
        clock.advance(Duration.ofMillis(10));
        assertEquals(List.of("a@10"), ran);
        clock.advance(Duration.ofMillis(5));
        clock.advance(Duration.ofMillis(100));
        clock.runDue();
        assertEquals(List.of("a@10", "b@25"), ran);
        assertEquals(2, clock.fired());
        assertEquals(0, clock.pending());
    }

    @Test
    void aTimerScheduledByAFiringTimerWithinTheStepFiresInTheSameAdvance() {
        clock.schedule(10, () -> {
            ran.add("first");
            at(5, "chained");      // due at 15: inside the step
            at(0, "now");          // due at once
            at(100, "beyond");     // due at 110: outside the step
        });
        clock.advance(Duration.ofMillis(20));
        assertEquals(List.of("first", "now@10", "chained@15"), ran);
        assertEquals(1, clock.pending());
        assertEquals(ManualClock.DEFAULT_START.plusMillis(20), clock.instant(), "time reaches the step's end, not the last timer");
    }

    @Test
    void aCancelledTimerNeverFires() {
        Scheduler.Cancellable a = clock.schedule(10, () -> ran.add("a"));
        at(10, "b");
        a.cancel();
        assertEquals(1, clock.pending());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("b@10"), ran);
        a.cancel(); // cancelling again, or after the time, does nothing
        assertEquals(0, clock.pending());
    }

    @Test
    void aTimerCancelledByAnEarlierTimerInTheSameStepNeverFires() {
        Scheduler.Cancellable later = clock.schedule(20, () -> ran.add("later"));
        clock.schedule(10, later::cancel);
        clock.advance(Duration.ofMillis(30));
        assertEquals(List.of(), ran);
    }

    @Test
    void aThrowingTimerDoesNotStopTheStep() {
        clock.schedule(10, () -> {
            throw new IllegalStateException("boom");
        });
        at(20, "after");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> clock.advance(Duration.ofMillis(30)));
        assertEquals("boom", e.getMessage());
        assertEquals(List.of("after@20"), ran);
        assertEquals(ManualClock.DEFAULT_START.plusMillis(30), clock.instant());
    }

    @Test
    void timeNeverGoesBack() {
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
        clock.advance(Duration.ofMillis(50));
        clock.advanceTo(ManualClock.DEFAULT_START);
        assertEquals(ManualClock.DEFAULT_START.plusMillis(50), clock.instant());
    }

    @Test
    void anotherZoneIsAViewOnTheSameTime() {
        assertSame(clock, clock.withZone(java.time.ZoneOffset.UTC));
        var paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(clock.instant(), paris.instant());
        assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
    }

    @Test
    void aSyncBuiltWithTheClockTimesItsWaitsOnIt() {
        try (Sync sync = Sync.builder().store(new MemoryStore()).clock(clock).build()) {
            sync.createRoom("r");
            CompletableFuture<WaitResult> w = sync.await("r", WaitRequest.until("false").timeout(Duration.ofSeconds(20)));
            clock.advance(Duration.ofMillis(19_999));
            assertFalse(w.isDone());
            clock.advance(Duration.ofMillis(1));
            assertTrue(w.isDone(), "the timeout fired inside advance, on this thread");
            assertTrue(w.join().timedOut());
            assertEquals(20_000, w.join().elapsedMs());
        }
    }
}
