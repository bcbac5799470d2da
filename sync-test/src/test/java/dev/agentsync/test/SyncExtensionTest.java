package dev.agentsync.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.Sync;
import dev.agentsync.core.SyncException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The extension, seen from outside: probe classes run through the JUnit launcher, and this test checks what each
 * of their runs was given, what was shown, what was skipped and why, and that everything was closed.
 */
class SyncExtensionTest {
    /** Every fixture a probe run was given, in order. */
    static final List<SyncFixture> GIVEN = Collections.synchronizedList(new ArrayList<>());

    /** What the launcher reported, by display name of each test or run. */
    private static final class Outcomes implements TestExecutionListener {
        final Map<String, String> skipped = new LinkedHashMap<>();
        final Map<String, TestExecutionResult> finished = new LinkedHashMap<>();

        private static String name(TestIdentifier id) {
            String method = id.getUniqueId().replaceAll(".*method:([^(]+)\\(.*", "$1").replaceAll(".*template:([^(]+)\\(.*", "$1");
            return id.getUniqueId().contains("invocation:") || id.getUniqueId().contains("repetition:") ? method + " " + id.getDisplayName() : method;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            skipped.put(name(id), reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                finished.put(name(id), result);
            }
        }
    }

    private static Outcomes run(Class<?> probe) {
        GIVEN.clear();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(probe)).build();
        Outcomes o = new Outcomes();
        LauncherFactory.create().execute(request, o);
        return o;
    }

    /** The probes: each run checks that what it was given is one fresh, consistent world. */
    @SyncTest
    static class Probe {
        private SyncFixture before;

        @BeforeEach
        void before(SyncFixture f, Sync sync) {
            assertSame(f.sync(), sync, "@BeforeEach gets the test's own fixture");
            before = f;
        }

        static void checkFresh(SyncFixture f, Sync sync, ManualClock clock, TestRoom room, TestStore store) {
            assertSame(f.sync(), sync);
            assertSame(f.clock(), clock);
            assertSame(sync, room.sync());
            assertEquals(f.kind(), store);
            assertEquals(ManualClock.DEFAULT_START, clock.instant(), "a fresh clock");
            assertTrue(sync.room(room.id()).isPresent(), "the room exists");
            assertTrue(sync.room("marker").isEmpty(), "a fresh store: no earlier run left its marker");
            sync.createRoom("marker");
            GIVEN.add(f);
        }

        @EveryStore
        void everyStore(SyncFixture f, Sync sync, ManualClock clock, TestRoom room, TestStore store) {
            assertSame(before, f);
            checkFresh(f, sync, clock, room, store);
        }

        @Test
        void plain(SyncFixture f, Sync sync, ManualClock clock, TestRoom room, TestStore store) {
            assertEquals(TestStore.MEMORY, store);
            checkFresh(f, sync, clock, room, store);
        }

        @RepeatedTest(2)
        void repeated(SyncFixture f, Sync sync, ManualClock clock, TestRoom room, TestStore store) {
            checkFresh(f, sync, clock, room, store);
        }

        @Test
        void failing(SyncFixture f, Sync sync, ManualClock clock, TestRoom room, TestStore store) {
            checkFresh(f, sync, clock, room, store);
            throw new AssertionError("this probe fails on purpose; its fixture must still be closed");
        }
    }

    @Test
    void everyRunGetsAFreshStoreClockAndRoomAndEveryOneIsClosedAfter() {
        Outcomes o = run(Probe.class);
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, o.finished.get("everyStore [memory]").getStatus(), o.finished.toString());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, o.finished.get("plain").getStatus(), o.finished.toString());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, o.finished.get("repeated repetition 1 of 2").getStatus(), o.finished.toString());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, o.finished.get("repeated repetition 2 of 2").getStatus(), o.finished.toString());
        assertEquals(TestExecutionResult.Status.FAILED, o.finished.get("failing").getStatus());

        assertEquals(5, GIVEN.size(), "one fixture per run that can run here (memory): " + GIVEN);
        Set<Sync> syncs = new HashSet<>();
        Set<String> rooms = new HashSet<>();
        for (SyncFixture f : GIVEN) {
            syncs.add(f.sync());
            rooms.add(f.room().id());
            SyncException closed = assertThrows(SyncException.class, () -> f.sync().createRoom("after"), "closed after its test");
            assertEquals(ErrorCode.UNAVAILABLE, closed.code());
        }
        assertEquals(5, syncs.size());
        assertEquals(5, rooms.size(), "room ids are fresh too");
    }

    @Test
    void aStoreThatCannotRunIsOneSkippedRunSayingWhy() {
        Outcomes o = run(Probe.class);
        // this module's tests have the memory store only: H2 has no provider here, PostgreSQL no URL (or no provider)
        assertEquals(List.of("everyStore [h2]", "everyStore [postgresql]"), new ArrayList<>(o.skipped.keySet()));
        assertEquals("h2: skipped, no StoreProvider on the test class path opens 'h2:' URIs (its provider comes with "
                + "dev.agentsync:sync-store-jdbc); schemes found: memory", o.skipped.get("everyStore [h2]"));
        String pg = o.skipped.get("everyStore [postgresql]");
        assertTrue(pg.startsWith(TestStore.pgUrl() == null ? "postgresql: skipped, SYNC_TEST_PG_URL is not set"
                : "postgresql: skipped, no StoreProvider on the test class path opens 'jdbc:' URIs"), pg);
    }

    @SyncTest(store = TestStore.H2)
    static class OnH2Probe {
        @Test
        void wantsH2(Sync sync) {
            throw new AssertionError("must not run without an H2 provider");
        }

        @Test
        void needsNoFixture() {
            // a test that takes no kit parameter runs whatever the store
        }
    }

    @Test
    void aPlainTestOnAStoreThatCannotRunIsSkippedSayingWhy() {
        Outcomes o = run(OnH2Probe.class);
        assertTrue(o.skipped.get("wantsH2").startsWith("h2: skipped, no StoreProvider"), o.skipped.toString());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, o.finished.get("needsNoFixture").getStatus());
    }

    @Test
    void aFixtureOpensOnlyAStoreThatCanRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SyncFixture.open(TestStore.H2));
        assertTrue(e.getMessage().startsWith("h2: skipped, no StoreProvider"), e.getMessage());
        try (SyncFixture f = SyncFixture.open(TestStore.MEMORY)) {
            assertSame(f.room(), f.room());
            assertTrue(!f.room().id().equals(f.newRoom().id()));
            assertTrue(!f.blockingStore());
        }
    }
}
