package dev.agentsync.http;

import dev.agentsync.core.Limits;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The server's settings. Each comes from a flag, else from its environment variable, else its default:
 *
 * <pre>
 * --host H          SYNC_HOST          127.0.0.1   address to bind (loopback by default)
 * --port N          SYNC_PORT          8080        0 picks a free port
 * --store S         SYNC_STORE         h2:./data/agent-sync
 *                                                  a store URI: memory | h2:FILE | postgresql://user:pass@host:port/db
 *                                                  | jdbc:... (opened by the StoreProvider that takes its scheme)
 * --require-auth    SYNC_REQUIRE_AUTH  false       every mutation needs a bearer token
 * --max-wait-ms N   SYNC_MAX_WAIT_MS   25000       longest wait (up to Limits.WAIT_CEILING, 300000)
 * --workers N       SYNC_WORKERS       16          worker threads for blocking stores
 * </pre>
 *
 * @param host        bind address
 * @param port        port (0: any free port)
 * @param store       store selector
 * @param requireAuth tokens required on mutations
 * @param maxWait     longest wait
 * @param workers     worker threads
 */
public record ServerConfig(String host, int port, String store, boolean requireAuth, Duration maxWait, int workers) {
    /** Validates the settings. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (maxWait.toMillis() < 1 || maxWait.compareTo(Limits.WAIT_CEILING) > 0) {
            throw new IllegalArgumentException("max-wait-ms must be 1-" + Limits.WAIT_CEILING.toMillis() + ", was " + maxWait.toMillis());
        }
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers must be 1-256, was " + workers);
        }
    }

    /** The store used when none is configured: an embedded H2 file under ./data. */
    public static final String DEFAULT_STORE = "h2:./data/agent-sync";

    /** The defaults: loopback, port 8080, the embedded durable store. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, DEFAULT_STORE, false, Duration.ofMillis(25_000), 16);
    }

    /** A copy with another store. */
    public ServerConfig withStore(String s) {
        return new ServerConfig(host, port, s, requireAuth, maxWait, workers);
    }

    /** A copy on another port. */
    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, store, requireAuth, maxWait, workers);
    }

    /** A copy requiring tokens. */
    public ServerConfig withRequireAuth(boolean on) {
        return new ServerConfig(host, port, store, on, maxWait, workers);
    }

    /**
     * Parses flags over environment variables over defaults.
     *
     * @throws IllegalArgumentException naming the bad flag or value
     */
    public static ServerConfig parse(String[] args, Map<String, String> env) {
        ServerConfig d = defaults();
        String host = env.getOrDefault("SYNC_HOST", d.host());
        String port = env.getOrDefault("SYNC_PORT", String.valueOf(d.port()));
        String store = env.getOrDefault("SYNC_STORE", d.store());
        String auth = env.getOrDefault("SYNC_REQUIRE_AUTH", "false");
        String maxWait = env.getOrDefault("SYNC_MAX_WAIT_MS", String.valueOf(d.maxWait().toMillis()));
        String workers = env.getOrDefault("SYNC_WORKERS", String.valueOf(d.workers()));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--require-auth":
                    auth = v == null ? "true" : v;
                    continue;
                case "--help":
                case "-h":
                    throw new IllegalArgumentException("help");
                default:
                    break;
            }
            if (v == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                v = args[++i];
            }
            switch (a) {
                case "--host":
                    host = v;
                    break;
                case "--port":
                    port = v;
                    break;
                case "--store":
                    store = v;
                    break;
                case "--max-wait-ms":
                    maxWait = v;
                    break;
                case "--workers":
                    workers = v;
                    break;
                default:
                    throw new IllegalArgumentException("unknown flag " + a);
            }
        }
        return new ServerConfig(host, integer("port", port), store, bool("require-auth", auth),
                Duration.ofMillis(integer("max-wait-ms", maxWait)), integer("workers", workers));
    }

    private static int integer(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'");
        }
    }

    private static boolean bool(String name, String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
            case "yes":
                return true;
            case "false":
            case "0":
            case "no":
            case "":
                return false;
            default:
                throw new IllegalArgumentException(name + " must be true or false, was '" + v + "'");
        }
    }

    /** The usage text. */
    public static String usage() {
        return "usage: java -jar sync-server.jar [--host 127.0.0.1] [--port 8080] [--store h2:./data/agent-sync|memory|postgresql://user:pass@host:port/db] [--require-auth]"
                + " [--max-wait-ms 25000] [--workers 16]\n"
                + "       java -jar sync-server.jar mcp-stdio [--store ...] [--require-auth]   (MCP over standard input/output)\n"
                + "each flag may also be set by its environment variable: SYNC_HOST, SYNC_PORT, SYNC_STORE,"
                + " SYNC_REQUIRE_AUTH, SYNC_MAX_WAIT_MS, SYNC_WORKERS";
    }
}
