package dev.agentsync.bench;

import dev.agentsync.http.Main;
import dev.agentsync.mcp.SyncMcp;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * MCP against plain HTTP on the same server (a separate process, memory store, loopback), side by side in one run:
 * a tool call's round trip ({@code eval}) against the same request over HTTP; the wake of a parked {@code wait}
 * tool call against a parked HTTP long-poll, both woken by one PUT; and the server's threads while N MCP sessions
 * are each parked in a {@code wait}.
 * Run: {@code java -cp sync-bench/target/benchmarks.jar dev.agentsync.bench.McpLatency [calls] [rounds] [sessions]}.
 */
public final class McpLatency {
    private McpLatency() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--port", "0", "--store", "memory")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String url = null;
            while ((line = out.readLine()) != null) {
                int at = line.indexOf("listening on ");
                if (at >= 0) {
                    url = line.substring(at + 13, line.indexOf(' ', at + 13));
                    break;
                }
            }
            if (url == null) {
                throw new IllegalStateException("the server did not start");
            }
            Thread drain = new Thread(() -> { // keep the server's output pipe empty; show its errors
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        if (l.contains("SEVERE") || l.contains("Exception")) {
                            System.err.println("server: " + l);
                        }
                    }
                } catch (java.io.IOException e) {
                    // the server ended
                }
            }, "server-output");
            drain.setDaemon(true);
            drain.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            send(http, "POST", url + "/rooms", "{\"id\":\"r\"}");
            System.out.printf("machine: %d cores, %s, load %.1f%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            // 1. round trip: eval over MCP vs over HTTP
            try (McpSyncClient mcp = session(url)) {
                long[] viaMcp = new long[calls];
                long[] viaHttp = new long[calls];
                for (int i = -calls / 4; i < calls; i++) { // a quarter warm-up
                    long t0 = System.nanoTime();
                    mcp.callTool(new McpSchema.CallToolRequest("eval", Map.of("room", "r", "expr", "1 + 1")));
                    long t1 = System.nanoTime();
                    send(http, "POST", url + "/rooms/r/eval", "{\"expr\":\"1 + 1\"}");
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        viaMcp[i] = t1 - t0;
                        viaHttp[i] = t2 - t1;
                    }
                }
                report("round trip, eval", viaHttp, viaMcp);
                // the same tool call as raw JSON-RPC over the same HttpClient: the server's share of the MCP cost
                String sid = http.send(mcpPost(url, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                        + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"),
                        HttpResponse.BodyHandlers.ofString()).headers().firstValue("mcp-session-id").orElseThrow();
                http.send(mcpPost(url, sid, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), HttpResponse.BodyHandlers.ofString());
                long[] raw = new long[calls];
                for (int i = -calls / 4; i < calls; i++) {
                    long t0 = System.nanoTime();
                    http.send(mcpPost(url, sid, "{\"jsonrpc\":\"2.0\",\"id\":" + (i + calls) + ",\"method\":\"tools/call\",\"params\":"
                            + "{\"name\":\"eval\",\"arguments\":{\"room\":\"r\",\"expr\":\"1 + 1\"}}}"), HttpResponse.BodyHandlers.ofString());
                    if (i >= 0) {
                        raw[i] = System.nanoTime() - t0;
                    }
                }
                report("eval, raw JSON-RPC", viaHttp, raw);

                // 2. wake: a parked wait tool call and a parked HTTP long-poll, woken by one PUT
                long[] wakeMcp = new long[rounds];
                long[] wakeHttp = new long[rounds];
                try (McpSyncClient writerless = session(url)) {
                    writerless.callTool(new McpSchema.CallToolRequest("join", Map.of("room", "r", "agent", "w")));
                    send(http, "POST", url + "/rooms/r/agents", "{\"id\":\"p\"}");
                    for (int i = -5; i < rounds; i++) {
                        String cond = "state._shared.go == " + (i + 5);
                        CompletableFuture<Long> viaTool = CompletableFuture.supplyAsync(() -> {
                            writerless.callTool(new McpSchema.CallToolRequest("wait", Map.of("room", "r", "condition", cond)));
                            return System.nanoTime();
                        });
                        CompletableFuture<Long> viaPoll = http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/rooms/r/wait?timeout=25000&agent=p&condition="
                                        + URLEncoder.encode(cond, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString())
                                .thenApply(r -> System.nanoTime());
                        awaitParked(http, url, 2);
                        long t0 = System.nanoTime();
                        send(http, "PUT", url + "/rooms/r/state", "{\"key\":\"go\",\"value\":" + (i + 5) + "}");
                        long tool = viaTool.get(60, TimeUnit.SECONDS);
                        long poll = viaPoll.get(60, TimeUnit.SECONDS);
                        if (i >= 0) {
                            wakeMcp[i] = tool - t0;
                            wakeHttp[i] = poll - t0;
                        }
                    }
                }
                report("wake after PUT", wakeHttp, wakeMcp);
            }

            // 3. many sessions parked in a wait: the server's threads
            long pid = server.pid();
            int before = threads(pid);
            List<McpAsyncClient> parked = new ArrayList<>();
            List<CompletableFuture<?>> waits = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                McpAsyncClient c = McpClient.async(HttpClientStreamableHttpTransport.builder(url).jsonMapper(SyncMcp.jsonMapper()).build())
                        .requestTimeout(Duration.ofSeconds(60)).build();
                c.initialize().block(Duration.ofSeconds(60));
                parked.add(c);
                c.callTool(new McpSchema.CallToolRequest("join", Map.of("room", "r", "agent", "s" + i))).block(Duration.ofSeconds(60));
            }
            // all sessions first, then all waits at once (a wait parks at most 25 s)
            for (McpAsyncClient c : parked) {
                waits.add(c.callTool(new McpSchema.CallToolRequest("wait", Map.of("room", "r", "condition", "state._shared.end == true")))
                        .toFuture());
            }
            awaitParked(http, url, sessions);
            int during = threads(pid);
            send(http, "PUT", url + "/rooms/r/state", "{\"key\":\"end\",\"value\":true}");
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            System.out.printf("%d MCP sessions parked in wait: server threads %d (idle %d)%n", sessions, during, before);
            for (McpAsyncClient c : parked) {
                c.closeGracefully().block(Duration.ofSeconds(5));
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static HttpRequest mcpPost(String url, String session, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/mcp")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b.build();
    }

    private static McpSyncClient session(String url) {
        McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder(url).jsonMapper(SyncMcp.jsonMapper()).build())
                .requestTimeout(Duration.ofSeconds(60)).build();
        c.initialize();
        return c;
    }

    /** Waits until {@code n} agents of room r show as waiting (each wait names its agent). */
    private static void awaitParked(HttpClient http, String url, int n) throws Exception {
        String body = "";
        for (int i = 0; i < 20_000; i++) {
            body = send(http, "POST", url + "/rooms/r/eval", "{\"expr\":\"size(agents.filter(k, agents[k].status == 'waiting'))\"}");
            if (body.contains("\"value\":" + n + ",") || body.contains("\"value\":" + n + "}")) {
                return;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("waits did not park: " + body);
    }

    private static int threads(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("Threads:")) {
                return Integer.parseInt(l.substring(8).trim());
            }
        }
        return -1;
    }

    private static String send(HttpClient http, String method, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void report(String what, long[] http, long[] mcp) {
        Arrays.sort(http);
        Arrays.sort(mcp);
        System.out.printf("%-18s HTTP p50 %.2f ms p99 %.2f ms | MCP p50 %.2f ms p99 %.2f ms | MCP/HTTP p50 %.2fx p99 %.2fx%n", what,
                ms(pct(http, 50)), ms(pct(http, 99)), ms(pct(mcp, 50)), ms(pct(mcp, 99)),
                (double) pct(mcp, 50) / pct(http, 50), (double) pct(mcp, 99) / pct(http, 99));
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
