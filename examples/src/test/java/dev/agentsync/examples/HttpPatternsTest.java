package dev.agentsync.examples;

import dev.agentsync.http.ServerConfig;
import dev.agentsync.http.SyncServer;
import dev.agentsync.test.SyncFixture;
import org.junit.jupiter.api.AfterEach;

/** The same patterns against a real server over HTTP, serving the fixture's Sync (so its clock drives the waits). */
class HttpPatternsTest extends PatternsContract {
    private SyncServer server;

    @Override
    SyncClient.Connection connect(SyncFixture f) {
        server = SyncServer.start(ServerConfig.defaults().withPort(0), f.sync(), f.blockingStore());
        return SyncClient.Connection.http(server.url());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close(); // closes the fixture's Sync too (closing it again with the fixture is harmless)
        }
    }
}
