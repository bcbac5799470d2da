package dev.agentsync.examples;

import dev.agentsync.test.SyncFixture;

/** The patterns with the library in this process. */
class InProcessPatternsTest extends PatternsContract {
    @Override
    SyncClient.Connection connect(SyncFixture f) {
        return SyncClient.Connection.inProcess(f.sync());
    }
}
