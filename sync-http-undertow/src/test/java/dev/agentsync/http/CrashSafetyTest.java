package dev.agentsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.http.HttpTestClient.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 the server (default H2 file store) while clients write, restart it on the same file: every acknowledged
 * write is there with its version, and no batch is half-written.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillMinusNineAndNothingIsHalfWritten() throws Exception {
        String store = "h2:" + dir.resolve("crash-db");
        int writers = 4;
        AtomicLongArray acked = new AtomicLongArray(writers);
        AtomicLongArray attempted = new AtomicLongArray(writers);
        String token;
        try (ServerProcess p = ServerProcess.start("--port", "0", "--store", store)) {
            HttpTestClient c = new HttpTestClient(p.url());
            assertEquals(201, c.call("POST", "/rooms", "{\"id\":\"r\"}").status());
            token = c.call("POST", "/rooms/r/agents", "{\"id\":\"alice\"}").body().get("token").asText();
            AtomicInteger total = new AtomicInteger();
            CompletableFuture<?>[] fs = new CompletableFuture<?>[writers];
            for (int t = 0; t < writers; t++) {
                int w = t;
                fs[t] = CompletableFuture.runAsync(() -> {
                    for (long n = 1; ; n++) {
                        attempted.set(w, n);
                        String body = "{\"writes\":[{\"key\":\"w" + w + "_a\",\"value\":" + n + "},{\"key\":\"w" + w + "_b\",\"value\":" + n
                                + "},{\"key\":\"w" + w + "_count\",\"value\":1,\"increment\":true}]}";
                        try {
                            if (c.call("PUT", "/rooms/r/state/batch", body).status() != 200) {
                                return;
                            }
                        } catch (AssertionError connectionLost) {
                            return; // the server is gone
                        }
                        acked.set(w, n);
                        total.incrementAndGet();
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (total.get() < 400 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            p.kill(); // mid-write
            CompletableFuture.allOf(fs).get(60, TimeUnit.SECONDS);
        }
        try (ServerProcess p = ServerProcess.start("--port", "0", "--store", store)) {
            HttpTestClient c = new HttpTestClient(p.url());
            for (int w = 0; w < writers; w++) {
                JsonNode a = c.call("GET", "/rooms/r/state?scope=_shared&key=w" + w + "_a", null).body();
                JsonNode b = c.call("GET", "/rooms/r/state?scope=_shared&key=w" + w + "_b", null).body();
                JsonNode count = c.call("GET", "/rooms/r/state?scope=_shared&key=w" + w + "_count", null).body();
                long stored = a.get("value").asLong();
                assertTrue(stored >= acked.get(w), "writer " + w + ": acknowledged " + acked.get(w) + " but found " + stored);
                assertTrue(stored <= attempted.get(w), "writer " + w + ": found " + stored + " never attempted");
                assertEquals(stored, b.get("value").asLong(), "a batch is never half-written");
                assertEquals(stored, count.get("value").asLong(), "a batch is never half-written");
                assertEquals(stored, a.get("version").asLong(), "versions survive");
            }
            Reply still = c.call("PUT", "/rooms/r/state", "{\"scope\":\"alice\",\"key\":\"k\",\"value\":1}", token);
            assertEquals(200, still.status(), "tokens survive the crash");
        }
    }

    @Test
    void sigtermAnswersParkedWaitsAndExitsCleanly() throws Exception {
        try (ServerProcess p = ServerProcess.start("--port", "0", "--store", "h2:" + dir.resolve("term-db"))) {
            HttpTestClient c = new HttpTestClient(p.url());
            c.call("POST", "/rooms", "{\"id\":\"r\"}");
            c.call("PUT", "/rooms/r/state", "{\"key\":\"k\",\"value\":1}"); // revision 1; joins and waits are presence
            List<CompletableFuture<Reply>> waits = new ArrayList<>();
            StringBuilder allWaiting = new StringBuilder("true");
            for (int i = 0; i < 5; i++) {
                String t = c.call("POST", "/rooms/r/agents", "{\"id\":\"a" + i + "\"}").body().get("token").asText();
                waits.add(c.async("GET", "/rooms/r/wait?condition=false&timeout=25000&agent=a" + i, null, t));
                allWaiting.append(" && agents.a").append(i).append(".status == 'waiting'");
            }
            Reply parked = c.call("GET", "/rooms/r/wait?timeout=20000&condition=" + HttpTestClient.enc(allWaiting.toString()), null);
            assertTrue(parked.body().get("triggered").asBoolean(), "all five waits are parked");
            assertEquals(143, p.terminate(), "exited on SIGTERM after its shutdown hook");
            for (CompletableFuture<Reply> w : waits) {
                Reply r = w.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.status());
                assertEquals(false, r.body().get("triggered").asBoolean());
                assertEquals(1, r.body().get("revision").asLong(), "answered from the store, still open: " + r.body());
                assertTrue(!r.body().has("last_error"), "no error while shutting down: " + r.body());
            }
            assertTrue(p.output().stream().anyMatch(l -> l.contains("agent-sync stopped")), p.output().toString());
        }
    }
}
