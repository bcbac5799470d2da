package dev.agentsync.store.jdbc;

import dev.agentsync.core.spi.Store.RemoteCommitListener;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@link Notifier}'s listening half: listens on PostgreSQL's {@code agent_sync} channel on a dedicated connection
 * and tells the core of commits made by other processes. When the connection is lost it reconnects, listens again
 * and asks the core to re-check every room with waiters, since notifications sent meanwhile are gone; a slow
 * periodic re-check is the safety net for anything else.
 */
final class PgListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PgListener.class.getName());
    static final long SAFETY_RECHECK_MS = 10_000;

    private final String url;
    private final Properties props = new Properties();
    private final String listenSql;
    private final String origin;
    private final RemoteCommitListener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile @Nullable Connection connection;
    private final java.util.concurrent.atomic.AtomicInteger reconnects = new java.util.concurrent.atomic.AtomicInteger();

    PgListener(String url, @Nullable String user, @Nullable String password, String listenSql, String origin, RemoteCommitListener listener) {
        this.url = url;
        this.listenSql = listenSql;
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        this.origin = origin;
        this.listener = listener;
        this.thread = new Thread(this::run, "agent-sync-pg-listener");
        this.thread.setDaemon(true);
    }

    /** How many times the listening connection came back after a loss. */
    int reconnects() {
        return reconnects.get();
    }

    void start() {
        thread.start();
    }

    /** Drops the listening connection as a network fault would (for tests of the reconnect path). */
    void dropConnection() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }

    private void run() {
        long backoff = 100;
        boolean first = true;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, props)) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute(listenSql);
                }
                connection = c;
                if (!first) {
                    reconnects.incrementAndGet();
                    LOG.log(Level.INFO, "agent-sync: notification connection restored; re-checking rooms with waiters");
                    listener.missed();
                }
                first = false;
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastSafety = System.currentTimeMillis();
                while (!closed) {
                    PGNotification[] ns = pg.getNotifications(500);
                    if (ns != null) {
                        for (PGNotification n : ns) {
                            deliver(n.getParameter());
                        }
                    }
                    if (c.isClosed()) {
                        throw new SQLException("notification connection closed");
                    }
                    long now = System.currentTimeMillis();
                    if (now - lastSafety >= SAFETY_RECHECK_MS) {
                        lastSafety = now;
                        listener.missed();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "agent-sync: notification connection lost (" + e.getMessage() + "); reconnecting");
                first = false;
                try {
                    Thread.sleep(backoff); // reconnect back-off, not a test sleep
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    /** Payload {@code <origin>:<revision>:<room>}; our own commits already woke our waiters. */
    private void deliver(String payload) {
        int a = payload.indexOf(':');
        int b = payload.indexOf(':', a + 1);
        if (a < 0 || b < 0) {
            return;
        }
        if (payload.substring(0, a).equals(origin)) {
            return;
        }
        long revision;
        try {
            revision = Long.parseLong(payload.substring(a + 1, b));
        } catch (NumberFormatException e) {
            revision = -1;
        }
        listener.committed(payload.substring(b + 1), revision);
    }

    @Override
    public void close() {
        closed = true;
        dropConnection();
        thread.interrupt();
    }
}
