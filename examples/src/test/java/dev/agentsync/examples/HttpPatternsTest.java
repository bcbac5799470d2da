package dev.agentsync.examples;

import dev.agentsync.http.ServerConfig;
import dev.agentsync.http.SyncServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The same patterns against a real server over HTTP. */
class HttpPatternsTest extends PatternsContract {
    private SyncServer server;

    @BeforeEach
    void start() {
        server = SyncServer.start(ServerConfig.defaults().withPort(0).withStore("memory"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    SyncClient.Connection connection() {
        return SyncClient.Connection.http(server.url());
    }
}
