package dev.agentsync.http;

import dev.agentsync.mcp.SyncMcp;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * MCP's Streamable HTTP transport on Undertow core, without a thread per open stream: a request's answer (and the
 * progress sent while a {@code wait} is parked) goes out as server-sent events written from whichever thread
 * completes it, and the session's listening stream ({@code GET}) stays open on no thread at all. The SDK's own
 * servlet transport blocks a servlet thread until each request's answer is sent, so 500 parked {@code wait} calls
 * would need 500 threads; here they need none.
 *
 * <p>The protocol logic (sessions, JSON-RPC dispatch, tools) is the SDK's: this class only moves its messages
 * between HTTP exchanges and {@link McpStreamableServerSession}s, as its servlet transport does. Requests are
 * parsed on a worker thread (a tool call may reach a blocking store).
 */
final class McpHttpTransport implements McpStreamableServerTransportProvider, HttpHandler {
    private static final HttpString SESSION = HttpString.tryFromString(HttpHeaders.MCP_SESSION_ID);
    private static final long KEEP_ALIVE_MS = 15_000;

    private final McpJsonMapper json;
    private final ServerTransportSecurityValidator security;
    private final int maxBodyBytes;
    private final Map<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
    private volatile McpStreamableServerSession.Factory factory;
    private volatile boolean closing;

    McpHttpTransport(McpJsonMapper json, ServerTransportSecurityValidator security, int maxBodyBytes) {
        this.json = json;
        this.security = security;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.factory = sessionFactory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Flux.fromIterable(sessions.values())
                .flatMap(s -> s.sendNotification(method, params).onErrorResume(e -> Mono.empty()))
                .then();
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Mono.defer(() -> {
            McpStreamableServerSession s = sessions.get(sessionId);
            return s == null ? Mono.empty() : s.sendNotification(method, params);
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.defer(() -> {
            closing = true;
            return Flux.fromIterable(sessions.values()).flatMap(s -> s.closeGracefully().onErrorResume(e -> Mono.empty()))
                    .then(Mono.fromRunnable(sessions::clear));
        });
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (closing) {
            plain(ex, 503, "Server is shutting down");
            return;
        }
        try {
            security.validateHeaders(headers(ex));
        } catch (ServerTransportSecurityException e) {
            plain(ex, e.getStatusCode(), e.getMessage());
            return;
        }
        HttpString method = ex.getRequestMethod();
        if (method.equals(Methods.POST)) {
            long declared = ex.getRequestContentLength();
            if (declared > maxBodyBytes) {
                plain(ex, 413, "The request body is larger than " + maxBodyBytes + " bytes");
                return;
            }
            ex.getRequestReceiver().receiveFullBytes((e, body) -> e.dispatch(() -> post(e, body)),
                    (e, err) -> plain(e, 400, "Could not read the request body"));
        } else if (method.equals(Methods.GET)) {
            ex.dispatch(() -> get(ex));
        } else if (method.equals(Methods.DELETE)) {
            ex.dispatch(() -> delete(ex));
        } else {
            ex.getResponseHeaders().put(HttpString.tryFromString("Allow"), "GET, POST, DELETE");
            plain(ex, 405, "Use GET, POST or DELETE");
        }
    }

    private void post(HttpServerExchange ex, byte[] body) {
        if (body.length > maxBodyBytes) {
            plain(ex, 413, "The request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        String accept = header(ex, "Accept");
        if (accept == null || !accept.contains("application/json") || !accept.contains("text/event-stream")) {
            error(ex, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Accept must list application/json and text/event-stream");
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, new String(body, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            error(ex, 400, McpSchema.ErrorCodes.PARSE_ERROR, "Not a JSON-RPC message: " + e.getMessage());
            return;
        }
        McpTransportContext context = context(ex);
        if (message instanceof McpSchema.JSONRPCRequest req && req.method().equals(McpSchema.METHOD_INITIALIZE)) {
            McpSchema.InitializeRequest init = json.convertValue(req.params(), new TypeRef<McpSchema.InitializeRequest>() {
            });
            McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
            sessions.put(started.session().getId(), started.session());
            McpSchema.InitializeResult result = started.initResult().block(); // no user code: answers at once
            ex.getResponseHeaders().put(SESSION, started.session().getId());
            send(ex, 200, "application/json", write(McpSchema.JSONRPCResponse.result(req.id(), result)));
            return;
        }
        String id = header(ex, HttpHeaders.MCP_SESSION_ID);
        McpStreamableServerSession session = id == null ? null : sessions.get(id);
        if (session == null) {
            error(ex, id == null ? 400 : 404, McpSchema.ErrorCodes.INVALID_REQUEST,
                    id == null ? "The Mcp-Session-Id header is required" : "No such session: " + id);
            return;
        }
        if (message instanceof McpSchema.JSONRPCResponse r) {
            session.accept(r).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
            send(ex, 202, null, "");
        } else if (message instanceof McpSchema.JSONRPCNotification n) {
            session.accept(n).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
            send(ex, 202, null, "");
        } else if (message instanceof McpSchema.JSONRPCRequest req) {
            // held open on no thread until the answer comes (a parked wait may take 25 s)
            Answer answer = new Answer(ex);
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> session.responseStream(req, answer)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .subscribe(v -> { }, e -> answer.close()));
        } else {
            error(ex, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Unknown message type");
        }
    }

    /** The session's listening stream: server-initiated messages (resource updates) while it is open. */
    private void get(HttpServerExchange ex) {
        String accept = header(ex, "Accept");
        String id = header(ex, HttpHeaders.MCP_SESSION_ID);
        if (accept == null || !accept.contains("text/event-stream") || id == null) {
            error(ex, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "GET needs Accept: text/event-stream and an Mcp-Session-Id");
            return;
        }
        McpStreamableServerSession session = sessions.get(id);
        if (session == null) {
            plain(ex, 404, "No such session: " + id);
            return;
        }
        stream(ex, conn -> {
            McpStreamableServerSession.McpStreamableServerSessionStream listening = session.listeningStream(new EventStream(conn));
            conn.addCloseTask(c -> listening.close());
        });
    }

    private void delete(HttpServerExchange ex) {
        String id = header(ex, HttpHeaders.MCP_SESSION_ID);
        McpStreamableServerSession session = id == null ? null : sessions.remove(id);
        if (session == null) {
            plain(ex, id == null ? 400 : 404, id == null ? "The Mcp-Session-Id header is required" : "No such session: " + id);
            return;
        }
        session.delete().contextWrite(c -> c.put(McpTransportContext.KEY, context(ex))).block();
        send(ex, 200, null, "");
    }

    private static void stream(HttpServerExchange ex, java.util.function.Consumer<ServerSentEventConnection> opened) {
        try {
            new ServerSentEventHandler((conn, lastEventId) -> {
                conn.setKeepAliveTime(KEEP_ALIVE_MS);
                opened.accept(conn);
            }).handleRequest(ex);
        } catch (Exception e) {
            plain(ex, 500, "Could not open the event stream");
        }
    }

    /**
     * The response to one request. When the answer is the first message, it goes out as plain JSON on a connection
     * that stays open for the next request (the common case: a tool call answered at once, or a wait answered
     * without progress); when something comes first (progress while a wait is parked), the response becomes an
     * event stream, and messages sent before it is open queue in order.
     */
    private final class Answer implements McpStreamableServerTransport {
        private final HttpServerExchange ex;
        private final List<String[]> pending = new java.util.ArrayList<>();
        private boolean answered;
        private boolean streaming;
        private boolean closing;
        private ServerSentEventConnection conn;

        Answer(HttpServerExchange ex) {
            this.ex = ex;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            return Mono.fromRunnable(() -> {
                String text = write(message);
                synchronized (this) {
                    if (answered) {
                        return;
                    }
                    if (!streaming) {
                        if (message instanceof McpSchema.JSONRPCResponse) {
                            answered = true;
                            ex.getIoThread().execute(() -> send(ex, 200, "application/json", text));
                            return;
                        }
                        streaming = true;
                        pending.add(new String[] {text, messageId});
                        ex.getIoThread().execute(() -> stream(ex, this::opened));
                        return;
                    }
                    if (conn == null) {
                        pending.add(new String[] {text, messageId});
                    } else {
                        conn.send(text, "message", messageId, null);
                    }
                }
            });
        }

        private synchronized void opened(ServerSentEventConnection c) {
            conn = c;
            for (String[] m : pending) {
                c.send(m[0], "message", m[1], null);
            }
            pending.clear();
            if (closing) {
                c.shutdown();
            }
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return json.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(this::close);
        }

        @Override
        public synchronized void close() {
            closing = true;
            if (conn != null) {
                conn.shutdown(); // after what is queued has been written
            } else if (!streaming && !answered) {
                answered = true;
                ex.getIoThread().execute(() -> plain(ex, 500, "The request ended without an answer"));
            }
        }
    }

    /** One open response of events: a session's listening stream. */
    private final class EventStream implements McpStreamableServerTransport {
        private final ServerSentEventConnection conn;

        EventStream(ServerSentEventConnection conn) {
            this.conn = conn;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            return Mono.create(sink -> {
                if (!conn.isOpen()) {
                    sink.success();
                    return;
                }
                conn.send(write(message), "message", messageId, new ServerSentEventConnection.EventCallback() {
                    @Override
                    public void done(ServerSentEventConnection c, String data, String event, String id) {
                        sink.success();
                    }

                    @Override
                    public void failed(ServerSentEventConnection c, String data, String event, String id, IOException e) {
                        sink.success(); // the client went away; the session lives on for its next request
                    }
                });
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return json.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(this::close);
        }

        @Override
        public void close() {
            conn.shutdown(); // after what is queued has been written
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static McpTransportContext context(HttpServerExchange ex) {
        String auth = header(ex, "Authorization");
        return auth == null ? McpTransportContext.EMPTY : McpTransportContext.create(Map.of(SyncMcp.AUTHORIZATION, auth));
    }

    private static Map<String, List<String>> headers(HttpServerExchange ex) {
        Map<String, List<String>> out = new HashMap<>();
        for (HeaderValues hv : ex.getRequestHeaders()) {
            out.put(hv.getHeaderName().toString(), List.copyOf(hv));
        }
        return out;
    }

    private static String header(HttpServerExchange ex, String name) {
        return ex.getRequestHeaders().getFirst(name.toLowerCase(Locale.ROOT));
    }

    private void error(HttpServerExchange ex, int status, int code, String message) {
        send(ex, status, "application/json", write(McpError.builder(code).message(message).build().getJsonRpcError()));
    }

    private static void plain(HttpServerExchange ex, int status, String message) {
        send(ex, status, "text/plain", message);
    }

    private static void send(HttpServerExchange ex, int status, String type, String body) {
        if (ex.isResponseStarted()) {
            return;
        }
        ex.setStatusCode(status);
        if (type != null) {
            ex.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, type + "; charset=UTF-8");
        }
        ex.getResponseSender().send(body, StandardCharsets.UTF_8);
    }
}
