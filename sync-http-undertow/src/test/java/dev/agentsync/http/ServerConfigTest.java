package dev.agentsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags over environment variables over defaults; bad values are named. */
class ServerConfigTest {
    @Test
    void defaultsAreLoopbackAndTheEmbeddedStore() {
        ServerConfig c = ServerConfig.parse(new String[0], Map.of());
        assertEquals("127.0.0.1", c.host());
        assertEquals(8080, c.port());
        assertEquals("h2:./data/agent-sync", c.store());
        assertEquals(25_000, c.maxWait().toMillis());
    }

    @Test
    void flagsBeatEnvironment() {
        Map<String, String> env = Map.of("SYNC_PORT", "9000", "SYNC_STORE", "memory", "SYNC_REQUIRE_AUTH", "true", "SYNC_MAX_WAIT_MS", "60000");
        ServerConfig fromEnv = ServerConfig.parse(new String[0], env);
        assertEquals(9000, fromEnv.port());
        assertEquals("memory", fromEnv.store());
        assertTrue(fromEnv.requireAuth());
        assertEquals(60_000, fromEnv.maxWait().toMillis());
        ServerConfig flags = ServerConfig.parse(new String[] {"--port", "9100", "--store=h2:/tmp/x", "--max-wait-ms", "1000", "--host", "0.0.0.0"}, env);
        assertEquals(9100, flags.port());
        assertEquals("h2:/tmp/x", flags.store());
        assertEquals(1000, flags.maxWait().toMillis());
        assertEquals("0.0.0.0", flags.host());
    }

    @Test
    void badValuesNameTheirFlag() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[] {"--port", "http"}, Map.of()))
                .getMessage().contains("port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[] {"--max-wait-ms", "400000"}, Map.of()))
                .getMessage().contains("max-wait-ms"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[] {"--bogus", "1"}, Map.of()))
                .getMessage().contains("--bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[] {"--port"}, Map.of()))
                .getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SyncServer.openStore("mysql://x")).getMessage().contains("unknown store"));
    }
}
