package dev.agentsync.store.jdbc;

import dev.agentsync.core.spi.Store.RemoteCommitListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Commits announced between processes that share a database. Each commit sends, inside its own transaction (so
 * only a commit that lands is announced), {@code NOTIFY agent_sync, '<origin>:<revision>:<room>'}; a
 * {@link PgListener} on a dedicated connection hears the other processes' commits and tells the core. The origin is
 * this store's random id, so a store ignores its own announcements (its commits already woke its waiters).
 * Databases that cannot announce ({@link Dialect#notifies()} false) make this a no-op.
 */
final class Notifier implements AutoCloseable {
    static final String CHANNEL = "agent_sync";

    private final Dialect dialect;
    private final String origin = UUID.randomUUID().toString();
    private final @Nullable String listenUrl;
    private final @Nullable String user;
    private final @Nullable String password;
    private volatile @Nullable PgListener listener;

    /**
     * @param listenUrl the JDBC URL a listening connection opens, or {@code null} when this store must not listen
     *                  (a {@code DataSource} the application owns gives no URL to open)
     */
    Notifier(Dialect dialect, @Nullable String listenUrl, @Nullable String user, @Nullable String password) {
        this.dialect = dialect;
        this.listenUrl = listenUrl;
        this.user = user;
        this.password = password;
    }

    /** Announces, in the transaction of {@code c}, that {@code room} is committing {@code revision}. */
    void announce(Connection c, String room, long revision) throws SQLException {
        String sql = dialect.notifySql();
        if (sql == null) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, CHANNEL);
            p.setString(2, origin + ":" + revision + ":" + room);
            p.execute();
        }
    }

    /** Starts listening for other processes' commits, if this database and store can. */
    void listen(RemoteCommitListener l) {
        String sql = dialect.listenSql(CHANNEL);
        if (sql == null || listenUrl == null) {
            return;
        }
        PgListener pg = new PgListener(listenUrl, user, password, sql, origin, l);
        listener = pg;
        pg.start();
    }

    /** Drops the listening connection as a network fault would; it reconnects by itself (for tests). */
    void dropConnection() {
        PgListener pg = listener;
        if (pg != null) {
            pg.dropConnection();
        }
    }

    /** Reconnections of the listening connection so far. */
    int reconnects() {
        PgListener pg = listener;
        return pg == null ? 0 : pg.reconnects();
    }

    @Override
    public void close() {
        PgListener pg = listener;
        if (pg != null) {
            pg.close();
        }
    }
}
