package dev.agentsync.examples;

import dev.agentsync.core.Sync;
import dev.agentsync.store.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The patterns with the library in this process. */
class InProcessPatternsTest extends PatternsContract {
    private Sync sync;

    @BeforeEach
    void start() {
        sync = Sync.builder().store(new MemoryStore()).build();
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    @Override
    SyncClient.Connection connection() {
        return SyncClient.Connection.inProcess(sync);
    }
}
