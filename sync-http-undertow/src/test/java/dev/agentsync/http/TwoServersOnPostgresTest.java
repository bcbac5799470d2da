package dev.agentsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.http.HttpTestClient.Reply;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two server processes sharing rooms through one PostgreSQL (skipped, saying so, without SYNC_TEST_PG_URL). */
class TwoServersOnPostgresTest {
    private static final String PG = System.getenv("SYNC_TEST_PG_URL");
    private static ServerProcess one;
    private static ServerProcess two;
    private static HttpTestClient a;
    private static HttpTestClient b;

    private static final String SKIP = "SKIPPED: the two-process PostgreSQL test needs SYNC_TEST_PG_URL (.ci/run sets it)";

    @BeforeAll
    static void start() throws Exception {
        if (PG == null || PG.isBlank()) {
            System.out.println("[agent-sync] " + SKIP);
            return;
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String store = PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        one = ServerProcess.start("--port", "0", "--store", store);
        two = ServerProcess.start("--port", "0", "--store", store);
        a = new HttpTestClient(one.url());
        b = new HttpTestClient(two.url());
        assertEquals(201, a.call("POST", "/rooms", "{\"id\":\"r\"}").status());
    }

    @org.junit.jupiter.api.BeforeEach
    void needsPostgres() {
        Assumptions.assumeTrue(a != null, SKIP);
    }

    @AfterAll
    static void stop() {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
    }

    @Test
    void aWaitParkedOnOneIsAnsweredByAWriteThroughTheOther() throws Exception {
        assertEquals("r", b.call("GET", "/rooms/r", null).body().get("id").asText(), "the second process sees the room");
        CompletableFuture<Reply> w = a.async("GET", "/rooms/r/wait?condition=" + HttpTestClient.enc("has(state._shared.go)")
                + "&timeout=20000&include=state", null, null);
        Reply before = a.call("GET", "/rooms/r/wait?condition=true&timeout=10", null);
        assertEquals(200, before.status());
        assertFalse(w.isDone());
        long rev = b.call("PUT", "/rooms/r/state", "{\"key\":\"go\",\"value\":\"now\"}").body().get("revision").asLong();
        Reply r = w.get(20, TimeUnit.SECONDS);
        assertTrue(r.body().get("triggered").asBoolean());
        assertEquals(rev, r.body().get("revision").asLong());
        assertEquals("now", r.body().get("state").get("_shared").get("go").asText());
    }

    @Test
    void claimsRacedThroughBothHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                int id = a.call("POST", "/rooms/r/messages", "{\"kind\":\"task\",\"body\":" + round + "}").body().get("id").asInt();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> fs = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    HttpTestClient via = w % 2 == 0 ? a : b;
                    String agent = "w" + w;
                    fs.add(pool.submit(() -> {
                        go.await();
                        return via.call("POST", "/rooms/r/messages/" + id + "/claim", "{\"agent\":\"" + agent + "\"}").status();
                    }));
                }
                go.countDown();
                int wins = 0;
                for (Future<Integer> f : fs) {
                    int s = f.get(60, TimeUnit.SECONDS);
                    assertTrue(s == 200 || s == 409, "status " + s);
                    wins += s == 200 ? 1 : 0;
                }
                assertEquals(1, wins, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void incrementsThroughBothLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                HttpTestClient via = t % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        assertEquals(200, via.call("PUT", "/rooms/r/state", "{\"key\":\"hits\",\"value\":1,\"increment\":true}").status());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, b.call("GET", "/rooms/r/state?scope=_shared&key=hits", null).body().get("value").asInt());
    }
}
