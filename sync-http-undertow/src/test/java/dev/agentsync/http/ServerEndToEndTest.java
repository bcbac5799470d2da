package dev.agentsync.http;

import static dev.agentsync.http.HttpTestClient.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.http.HttpTestClient.Reply;
import dev.agentsync.test.TestRoom;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real server on a free port, driven over HTTP by the JDK client; run once per store
 * ({@link MemoryServerEndToEndTest}, {@link H2ServerEndToEndTest}).
 */
abstract class ServerEndToEndTest {
    /** The server's --store setting for one test. */
    protected abstract String store();

    private SyncServer server;
    private HttpTestClient c;

    @BeforeEach
    void start() {
        server = SyncServer.start(ServerConfig.defaults().withPort(0).withStore(store()));
        c = new HttpTestClient(server.url());
        assertEquals(201, c.call("POST", "/rooms", "{\"id\":\"r\"}").status());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String join(String id) {
        Reply r = c.call("POST", "/rooms/r/agents", "{\"id\":\"" + id + "\"}");
        assertEquals(201, r.status(), String.valueOf(r.body()));
        return r.body().get("token").asText();
    }

    @Test
    void theOriginalsWorkflowRunsUnchanged() {
        String a = c.call("POST", "/rooms/r/agents", "{\"id\":\"agent-a\",\"name\":\"Alice\",\"role\":\"coordinator\"}").body().get("token").asText();
        String b = c.call("POST", "/rooms/r/agents", "{\"id\":\"agent-b\",\"name\":\"Bob\",\"role\":\"worker\"}").body().get("token").asText();
        assertEquals(200, c.call("PUT", "/rooms/r/state/batch", "{\"writes\":[{\"key\":\"phase\",\"value\":\"planning\"},"
                + "{\"key\":\"turn\",\"value\":0},{\"key\":\"currentPlayer\",\"value\":\"agent-a\"}]}").status());
        Reply w = c.call("GET", "/rooms/r/wait?condition=" + enc("state._shared.currentPlayer == \"agent-a\"")
                + "&agent=agent-a&timeout=25000&include=state,agents", null, a);
        assertTrue(w.body().get("triggered").asBoolean());
        assertEquals("planning", w.body().get("state").get("_shared").get("phase").asText());
        assertTrue(w.body().get("agents").has("agent-b"));
        Reply move = c.call("PUT", "/rooms/r/state", "{\"key\":\"move\",\"value\":\"e2e4\",\"if\":\"state._shared.currentPlayer == \\\"agent-a\\\"\",\"if_version\":0}", a);
        assertEquals(200, move.status(), String.valueOf(move.body()));
        assertEquals(409, c.call("PUT", "/rooms/r/state", "{\"key\":\"move\",\"value\":\"d2d4\",\"if\":\"state._shared.currentPlayer == \\\"agent-b\\\"\"}", b).status());
        Reply turn = c.call("PUT", "/rooms/r/state/batch", "{\"writes\":[{\"key\":\"currentPlayer\",\"value\":\"agent-b\"},{\"key\":\"turn\",\"value\":1,\"increment\":true}]}", a);
        assertEquals(1, turn.body().get("state").get(1).get("value").asInt());
        assertEquals(403, c.call("PUT", "/rooms/r/state", "{\"scope\":\"agent-b\",\"key\":\"x\",\"value\":1}", a).status());
        assertTrue(c.raw("/").contains("curl"));
        assertTrue(c.raw("/?room=r").contains("<html"));
    }

    @Test
    void concurrentClaimsOverHttpHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            for (int round = 0; round < 10; round++) {
                int id = c.call("POST", "/rooms/r/messages", "{\"from\":\"coord\",\"kind\":\"task\",\"body\":" + round + "}").body().get("id").asInt();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> fs = new ArrayList<>();
                for (int w = 0; w < 12; w++) {
                    String agent = "w" + w;
                    fs.add(pool.submit(() -> {
                        go.await();
                        return c.call("POST", "/rooms/r/messages/" + id + "/claim", "{\"agent\":\"" + agent + "\"}").status();
                    }));
                }
                go.countDown();
                int wins = 0;
                int conflicts = 0;
                for (Future<Integer> f : fs) {
                    int s = f.get(60, TimeUnit.SECONDS);
                    wins += s == 200 ? 1 : 0;
                    conflicts += s == 409 ? 1 : 0;
                }
                assertEquals(1, wins, "round " + round);
                assertEquals(11, conflicts);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void casRetriesOverHttpLoseNoUpdate() throws Exception {
        c.call("PUT", "/rooms/r/state", "{\"key\":\"n\",\"value\":0}");
        int clients = 6;
        int each = 20;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        while (true) {
                            JsonNode cur = c.call("GET", "/rooms/r/state?scope=_shared&key=n", null).body();
                            Reply put = c.call("PUT", "/rooms/r/state", "{\"key\":\"n\",\"value\":" + (cur.get("value").asInt() + 1)
                                    + ",\"if_version\":" + cur.get("version").asInt() + "}");
                            if (put.status() == 200) {
                                break;
                            }
                            assertEquals(409, put.status());
                            assertEquals("version_conflict", put.body().get("error").asText());
                            conflicts.incrementAndGet();
                        }
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
        JsonNode n = c.call("GET", "/rooms/r/state?scope=_shared&key=n", null).body();
        assertEquals(clients * each, n.get("value").asInt());
        assertEquals(clients * each + 1, n.get("version").asInt());
    }

    @Test
    void aWaitIsAnsweredByAWriteFromAnotherClient() throws Exception {
        CompletableFuture<Reply> waiting = c.async("GET", "/rooms/r/wait?condition=" + enc("has(state._shared.go) && state._shared.go")
                + "&timeout=20000&include=state._shared", null, null);
        // proven parked on the server (not answered early) before the write
        Reply parked = c.call("GET", "/rooms/r/wait?condition=true&timeout=100", null);
        assertTrue(parked.body().get("triggered").asBoolean());
        assertFalse(waiting.isDone());
        HttpTestClient other = new HttpTestClient(server.url());
        long rev = other.call("PUT", "/rooms/r/state", "{\"key\":\"go\",\"value\":true}").body().get("revision").asLong();
        Reply r = waiting.get(20, TimeUnit.SECONDS);
        assertTrue(r.body().get("triggered").asBoolean());
        assertEquals(rev, r.body().get("revision").asLong());
        assertTrue(r.body().get("state").get("_shared").get("go").asBoolean());
    }

    @Test
    void aClientThatDisconnectsEndsItsWaitAndItsAgentReturns() throws Exception {
        String t = join("a");
        c.call("POST", "/rooms/r/agents/a/heartbeat", "{\"status\":\"busy\"}", t);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /rooms/r/wait?condition=false&agent=a&timeout=25000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + t
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Reply seen = c.call("GET", "/rooms/r/wait?condition=" + enc("agents.a.status == \"waiting\"") + "&timeout=20000", null);
            assertTrue(seen.body().get("triggered").asBoolean(), "the raw client's wait is parked");
        }
        // the socket is closed: the server must notice, cancel the wait and put a back to busy
        Reply back = c.call("GET", "/rooms/r/wait?condition=" + enc("agents.a.status == \"busy\"") + "&timeout=20000&include=agents", null);
        assertTrue(back.body().get("triggered").asBoolean(), String.valueOf(back.body()));
        assertEquals(0, server.sync().waiting("r"));
    }

    @Test
    void aThousandParkedWaitsAreHeldByAFewServerThreadsAndAllAnswered() throws Exception {
        List<CompletableFuture<Reply>> fs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            fs.add(c.async("GET", "/rooms/r/wait?condition=" + enc("has(state._shared.release)") + "&timeout=25000", null, null));
        }
        Reply all = c.call("GET", "/rooms/r/wait?condition=true&timeout=100", null);
        assertEquals(200, all.status());
        // every request has reached the server and is parked
        TestRoom.of(server.sync(), "r").awaitWaits(1000, Duration.ofSeconds(30));
        assertEquals(1000, server.sync().waiting("r"));
        long serverThreads = Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().startsWith("XNIO")).count();
        assertTrue(serverThreads <= 32, "server threads while 1000 waits are parked: " + serverThreads);
        c.call("PUT", "/rooms/r/state", "{\"key\":\"release\",\"value\":1}");
        for (CompletableFuture<Reply> f : fs) {
            assertTrue(f.get(30, TimeUnit.SECONDS).body().get("triggered").asBoolean());
        }
    }

    @Test
    void stoppingTheServerAnswersParkedWaitsWithTriggeredFalse() throws Exception {
        CompletableFuture<Reply> f = c.async("GET", "/rooms/r/wait?condition=false&timeout=25000", null, null);
        TestRoom.of(server.sync(), "r").awaitWaits(1, Duration.ofSeconds(30));
        server.close();
        Reply r = f.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        assertFalse(r.body().get("triggered").asBoolean());
        server = SyncServer.start(ServerConfig.defaults().withPort(0).withStore(store())); // for stop()
    }

    @Test
    void requireAuthRefusesAnonymousMutations() {
        try (SyncServer strict = SyncServer.start(ServerConfig.defaults().withPort(0).withStore(store()).withRequireAuth(true))) {
            HttpTestClient s = new HttpTestClient(strict.url());
            s.call("POST", "/rooms", "{\"id\":\"r\"}");
            String t = s.call("POST", "/rooms/r/agents", "{\"id\":\"a\"}").body().get("token").asText();
            Reply anon = s.call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1}");
            assertEquals(401, anon.status());
            assertEquals("authentication_required", anon.body().get("error").asText());
            assertEquals(200, s.call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1}", t).status());
            assertEquals(200, s.call("GET", "/rooms/r/state", null).status(), "reads stay open");
        }
    }

    @Test
    void oversizeBodyIs413() {
        Reply r = c.call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":\"" + "x".repeat(2 << 20) + "\"}");
        assertEquals(413, r.status());
        assertEquals("payload_too_large", r.body().get("error").asText());
    }
}
