package dev.agentsync.bench;

import dev.agentsync.http.ServerConfig;
import dev.agentsync.http.SyncServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Over HTTP on loopback: park N long-poll waits, then one PUT satisfies them all; reports the latency from the
 * PUT to each wait's response (p50/p99), the server's thread count and heap while they are parked.
 * Run: {@code java -cp sync-bench/target/benchmarks.jar dev.agentsync.bench.HttpWakeLatency [waits] [rounds]}.
 */
public final class HttpWakeLatency {
    private HttpWakeLatency() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int waits = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (SyncServer server = SyncServer.start(ServerConfig.defaults().withPort(0).withStore("memory"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
            String base = server.url();
            send(http, "POST", base + "/rooms", "{\"id\":\"r\"}");
            List<Long> latencies = new ArrayList<>();
            List<Long> deliver = new ArrayList<>();
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.port());
            int warmup = 3;
            for (int round = -warmup; round < rounds; round++) {
                String cond = URLEncoder.encode("state._shared.go == " + (round + warmup), StandardCharsets.UTF_8);
                byte[] get = ("GET /rooms/r/wait?timeout=25000&condition=" + cond + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                // A plain NIO client: one socket per wait, the time of each response's first bytes.
                Selector selector = Selector.open();
                List<SocketChannel> sockets = new ArrayList<>();
                for (int i = 0; i < waits; i++) {
                    SocketChannel ch = SocketChannel.open(addr);
                    ch.write(ByteBuffer.wrap(get));
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ);
                    sockets.add(ch);
                }
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (server.sync().waiting("r") < waits && System.nanoTime() < deadline) {
                    Thread.sleep(5); // harness only: waiting for the connections to land
                }
                System.gc();
                long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("XNIO")).count();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                int parked = server.sync().waiting("r");
                long[] lastFuture = new long[1];
                server.sync().await("r", dev.agentsync.core.WaitRequest.until("state._shared.go == " + (round + warmup)))
                        .thenRun(() -> lastFuture[0] = System.nanoTime());
                long t0 = System.nanoTime();
                send(http, "PUT", base + "/rooms/r/state", "{\"key\":\"go\",\"value\":" + (round + warmup) + "}");
                int answered = 0;
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (answered < waits) {
                    selector.select(10_000);
                    long now = System.nanoTime();
                    for (SelectionKey k : selector.selectedKeys()) {
                        buf.clear();
                        if (((SocketChannel) k.channel()).read(buf) != 0) {
                            k.cancel();
                            if (round >= 0) {
                                latencies.add(now - t0);
                            }
                            answered++;
                        }
                    }
                    selector.selectedKeys().clear();
                }
                for (SocketChannel ch : sockets) {
                    ch.close();
                }
                selector.close();
                deliver.add(lastFuture[0] - t0);
                System.out.printf("round %d: %d waits parked on %d server (XNIO) threads, JVM heap used %d MiB%n", round, parked, threads, heap);
            }
            long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(l);
            System.out.printf("waits=%d rounds=%d: wake latency PUT->response p50=%.2f ms p99=%.2f ms max=%.2f ms%n", waits, rounds,
                    l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6, l[l.length - 1] / 1e6);
            long[] put = new long[200];
            for (int i = 0; i < put.length; i++) {
                long t = System.nanoTime();
                send(http, "PUT", base + "/rooms/r/state", "{\"key\":\"idle\",\"value\":" + i + "}");
                put[i] = System.nanoTime() - t;
            }
            Arrays.sort(put);
            System.out.printf("a PUT's own round trip with no waiters (JDK HttpClient): median %.2f ms%n", put[put.length / 2] / 1e6);
            System.out.printf("core: PUT -> last of the %d futures completed (responses handed to IO threads): median %.2f ms%n", waits,
                    deliver.stream().sorted().toList().get(deliver.size() / 2) / 1e6);
        }
    }

    private static void send(HttpClient http, String method, String url, String body) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
