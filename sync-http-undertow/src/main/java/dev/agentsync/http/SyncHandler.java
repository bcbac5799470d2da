package dev.agentsync.http;

import dev.agentsync.protocol.HttpRequest;
import dev.agentsync.protocol.HttpResponse;
import dev.agentsync.protocol.SyncProtocol;
import io.undertow.server.HttpHandler;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.ImmediatePooledByteBuffer;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.conduits.ConduitStreamSourceChannel;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * Glue from Undertow to {@link SyncProtocol}: reads the request without blocking, hands it to the protocol,
 * writes the response. A wait's response is parked without a thread (the exchange is dispatched to no
 * executor and completed from the core's future on its IO thread); a connection that closes cancels its waits.
 * {@code GET /} serves the usage guide, {@code GET /?room=<id>} the dashboard.
 */
final class SyncHandler implements HttpHandler {
    private static final AttachmentKey<Set<CompletableFuture<HttpResponse>>> PARKED = AttachmentKey.create(Set.class);
    private static final HttpString CONTENT_TYPE = Headers.CONTENT_TYPE;

    private final SyncProtocol protocol;
    private final boolean blockingStore;
    private final byte[] guide;
    private final byte[] dashboard;

    SyncHandler(SyncProtocol protocol, boolean blockingStore) {
        this.protocol = protocol;
        this.blockingStore = blockingStore;
        this.guide = resource("guide.txt");
        this.dashboard = resource("dashboard.html");
    }

    private static byte[] resource(String name) {
        try (InputStream in = SyncHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (path.equals("/") && exchange.getRequestMethod().equalToString("GET")) {
            boolean room = exchange.getQueryParameters().containsKey("room");
            exchange.getResponseHeaders().put(CONTENT_TYPE, room ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
            exchange.getResponseSender().send(ByteBuffer.wrap(room ? dashboard : guide));
            return;
        }
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            HttpRequest req = toRequest(ex, body);
            if (blockingStore && ex.isInIoThread()) {
                ex.dispatch(() -> process(ex, req));
            } else {
                process(ex, req);
            }
        }, (ex, error) -> {
            // over MAX_ENTITY_SIZE, or the client went away while sending
            send(ex, SyncProtocol.error(new dev.agentsync.core.SyncException(dev.agentsync.core.ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body could not be read or is larger than the limit.")));
        });
    }

    private static HttpRequest toRequest(HttpServerExchange ex, byte[] body) {
        Map<String, List<String>> query = new HashMap<>();
        for (Map.Entry<String, Deque<String>> e : ex.getQueryParameters().entrySet()) {
            query.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        Map<String, String> headers = new HashMap<>();
        for (HeaderValues hv : ex.getRequestHeaders()) {
            headers.put(hv.getHeaderName().toString().toLowerCase(java.util.Locale.ROOT), hv.getFirst());
        }
        return new HttpRequest(ex.getRequestMethod().toString(), ex.getRequestPath(), query, headers, body);
    }

    private void process(HttpServerExchange ex, HttpRequest req) {
        CompletableFuture<HttpResponse> f = protocol.handle(req);
        if (f.isDone()) {
            send(ex, f.join());
            return;
        }
        // A parked wait: hold the exchange open with no thread; answer from the future on the exchange's IO thread.
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> ex.getIoThread().execute(() -> park(ex, f)));
    }

    private static void park(HttpServerExchange ex, CompletableFuture<HttpResponse> f) {
        Set<CompletableFuture<HttpResponse>> parked = parkedOn(ex.getConnection());
        parked.add(f);
        ConduitStreamSourceChannel source = watchForHangUp(ex, f);
        f.whenComplete((r, err) -> {
            parked.remove(f);
            if (r != null) {
                outbox(ex.getIoThread()).add(() -> {
                    if (source != null) {
                        source.suspendReads();
                    }
                    send(ex, r);
                });
            }
        });
        if (!ex.getConnection().isOpen()) {
            f.cancel(true);
        }
    }

    /**
     * Undertow does not read from a connection while its request is in flight, so a client that hangs up on a
     * parked wait would go unnoticed until the wait ended. Watch the socket: end of stream cancels the wait
     * (which restores the agent's status) and closes the connection; bytes of a pipelined next request go back
     * to Undertow untouched.
     */
    private static @Nullable ConduitStreamSourceChannel watchForHangUp(HttpServerExchange ex, CompletableFuture<HttpResponse> f) {
        if (!(ex.getConnection() instanceof AbstractServerConnection)) {
            return null;
        }
        AbstractServerConnection conn = (AbstractServerConnection) ex.getConnection();
        ConduitStreamSourceChannel source = conn.getChannel().getSourceChannel();
        source.getReadSetter().set(ch -> {
            ByteBuffer one = ByteBuffer.allocate(1);
            int n;
            try {
                n = ch.read(one);
            } catch (IOException e) {
                n = -1;
            }
            if (n == 0) {
                return;
            }
            ch.suspendReads();
            if (n < 0) {
                f.cancel(true);
                IoUtils.safeClose(conn);
            } else if (conn instanceof HttpServerConnection) {
                one.flip();
                ((HttpServerConnection) conn).ungetRequestBytes(new ImmediatePooledByteBuffer(one));
            }
        });
        source.resumeReads();
        return source;
    }

    private static final ConcurrentHashMap<XnioIoThread, Outbox> OUTBOXES = new ConcurrentHashMap<>();

    private static Outbox outbox(XnioIoThread t) {
        return OUTBOXES.computeIfAbsent(t, Outbox::new);
    }

    /**
     * Responses waiting for one IO thread. A commit that wakes a thousand waits hands each IO thread one task
     * that sends all of its responses, instead of a thousand cross-thread tasks and selector wake-ups.
     */
    private static final class Outbox implements Runnable {
        private final XnioIoThread thread;
        private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Outbox(XnioIoThread thread) {
            this.thread = thread;
        }

        void add(Runnable send) {
            queue.add(send);
            if (scheduled.compareAndSet(false, true)) {
                thread.execute(this);
            }
        }

        @Override
        public void run() {
            scheduled.set(false);
            for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
                r.run();
            }
        }
    }

    /** The waits parked on a connection; the first one registers a close listener that cancels them all. */
    private static Set<CompletableFuture<HttpResponse>> parkedOn(ServerConnection c) {
        synchronized (c) {
            Set<CompletableFuture<HttpResponse>> s = c.getAttachment(PARKED);
            if (s == null) {
                Set<CompletableFuture<HttpResponse>> created = ConcurrentHashMap.newKeySet();
                c.putAttachment(PARKED, created);
                c.addCloseListener(conn -> {
                    for (CompletableFuture<HttpResponse> f : created) {
                        f.cancel(true);
                    }
                });
                s = created;
            }
            return s;
        }
    }

    private static void send(HttpServerExchange ex, HttpResponse r) {
        if (ex.isResponseStarted()) {
            return;
        }
        ex.setStatusCode(r.status());
        r.headers().forEach((k, v) -> ex.getResponseHeaders().put(HttpString.tryFromString(k), v));
        byte[] body = r.bodyBytes();
        if (r.body() != null) {
            ex.getResponseHeaders().put(CONTENT_TYPE, "application/json");
        }
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
