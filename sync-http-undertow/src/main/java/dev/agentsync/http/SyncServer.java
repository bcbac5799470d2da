package dev.agentsync.http;

import dev.agentsync.core.Limits;
import dev.agentsync.core.Sync;
import dev.agentsync.core.spi.Store;
import dev.agentsync.core.spi.StoreProvider;
import dev.agentsync.protocol.SyncProtocol;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import org.xnio.Options;

/**
 * The agent-sync HTTP server: Undertow serving {@link SyncProtocol} over a store.
 *
 * <pre>{@code
 * try (SyncServer server = SyncServer.start(ServerConfig.defaults().withPort(0))) {
 *     System.out.println(server.url());
 * }
 * }</pre>
 */
public final class SyncServer implements AutoCloseable {
    private final Undertow undertow;
    private final GracefulShutdownHandler graceful;
    private final McpEndpoint mcp;
    private final Sync sync;
    private final String url;

    private SyncServer(Undertow undertow, GracefulShutdownHandler graceful, McpEndpoint mcp, Sync sync, String url) {
        this.undertow = undertow;
        this.graceful = graceful;
        this.mcp = mcp;
        this.sync = sync;
        this.url = url;
    }

    /**
     * Opens the configured store by its URI's scheme, through whichever {@link StoreProvider} on the class path
     * takes it: {@code memory}, {@code h2:<file>} (the default is {@code h2:./data/agent-sync}),
     * {@code postgresql://user:pass@host:port/db}, {@code jdbc:...}.
     */
    static Store openStore(String spec) {
        return StoreProvider.openUri(spec);
    }

    /** Starts a server with the configured store. */
    public static SyncServer start(ServerConfig cfg) {
        Store store = openStore(cfg.store());
        Sync sync = Sync.builder().store(store).requireAuth(cfg.requireAuth())
                .limits(Limits.defaults().withMaxWait(cfg.maxWait())).build();
        return start(cfg, sync, store.blocking());
    }

    /** Starts a server over an existing {@link Sync} (closed with the server). */
    public static SyncServer start(ServerConfig cfg, Sync sync, boolean blockingStore) {
        SyncHandler handler = new SyncHandler(new SyncProtocol(sync), blockingStore);
        McpEndpoint mcp = McpEndpoint.deploy(sync, java.util.List.of());
        GracefulShutdownHandler graceful = new GracefulShutdownHandler(mcp.in(handler));
        Undertow u = Undertow.builder()
                .addHttpListener(cfg.port(), cfg.host())
                .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerThreads(cfg.workers())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) sync.limits().maxBodyBytes())
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .setSocketOption(Options.BACKLOG, 1024)
                .setHandler(graceful)
                .build();
        u.start();
        InetSocketAddress addr = (InetSocketAddress) u.getListenerInfo().get(0).getAddress();
        String host = addr.getAddress().isAnyLocalAddress() ? "127.0.0.1" : addr.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return new SyncServer(u, graceful, mcp, sync, "http://" + host + ":" + addr.getPort());
    }

    /** The base URL, for example {@code http://127.0.0.1:8080}. */
    public String url() {
        return url;
    }

    /** The port bound. */
    public int port() {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    /** The instance served. */
    public Sync sync() {
        return sync;
    }

    /**
     * Stops cleanly: answers every parked wait with {@code triggered: false}, lets in-flight responses go out
     * (up to 5 s), then closes the listener and the store.
     */
    @Override
    public void close() {
        graceful.shutdown();
        mcp.close();
        sync.close(); // completes parked waits; their responses are written by the IO threads
        try {
            graceful.awaitShutdown(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
    }
}
