package dev.agentsync.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.ManualTime;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.store.memory.MemoryStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The patterns with the library in this process, on a clock the tests move (leases and presence without sleeping). */
class InProcessPatternsTest extends PatternsContract {
    private Sync sync;
    private final ManualTime time = new ManualTime();

    @BeforeEach
    void start() {
        sync = Sync.builder().store(new MemoryStore()).clock(time).scheduler(time).build();
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    @Override
    SyncClient.Connection connection() {
        return SyncClient.Connection.inProcess(sync);
    }

    @Override
    void letTimePass(String room, String when, Duration d) throws Exception {
        // the wait's own timeout runs on the manual clock, so only the real-time bound of get() can end it early
        assertTrue(sync.await(room, WaitRequest.until(when)).get(60, TimeUnit.SECONDS).triggered(), when);
        time.advance(d);
    }
}
