package dev.agentsync.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentsync.core.spi.RoomRecord;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import dev.agentsync.core.spi.Store;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Rooms in a database over JDBC: an embedded H2 file by default, or PostgreSQL when several server
 * processes share rooms.
 *
 * <p>A unit of work is one database transaction. Writers of a room in this process take a local lock, then
 * every writer (of any process) locks the room's row ({@code SELECT ... FOR UPDATE}); changes go to the
 * database as the unit makes them and the transaction commits them all, with the room's revision, or none.
 * A write is durable when the call returns. Reads run at {@code REPEATABLE READ}, so one snapshot never
 * straddles a commit. Values are read lazily: a gate on {@code state._shared.x} reads one row, not the room.
 *
 * <p>On PostgreSQL every commit sends {@code NOTIFY agent_sync, '<origin>:<revision>:<room>'}; each store
 * {@code LISTEN}s and tells the core of other processes' commits, so their waiters re-check.
 *
 * <p>This class opens the database and wires the parts: {@link Schema} (migrations), {@link UnitRunner}
 * (transactions and group commit), {@link SqlView}/{@link SqlTx} (the room inside a unit), {@link Rows} (row
 * mapping), {@link Notifier} (cross-process notification) and {@link Dialect} (what differs between databases).
 *
 * <pre>{@code
 * Sync sync = Sync.builder().store(JdbcStore.h2(Path.of("data/agent-sync"))).build();
 * Sync shared = Sync.builder().store(JdbcStore.open("postgresql://sync:secret@db:5432/sync")).build();
 * }</pre>
 */
public final class JdbcStore implements Store {
    private final @Nullable HikariDataSource owned;
    private final Dialect dialect;
    private final Notifier notifier;
    private final UnitRunner units;

    private JdbcStore(DataSource ds, @Nullable HikariDataSource owned, @Nullable String listenUrl, @Nullable String user,
                      @Nullable String password) {
        this.owned = owned;
        this.dialect = Schema.open(ds);
        this.notifier = new Notifier(dialect, listenUrl, user, password);
        this.units = new UnitRunner(ds, notifier);
    }

    /** An embedded H2 database in the file {@code file} (created if missing; {@code .mv.db} is appended). */
    public static JdbcStore h2(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        return pooled("jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;LOCK_TIMEOUT=30000;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64",
                null, null, 16);
    }

    /** A private in-memory H2 database, gone when the store closes (for tests). */
    public static JdbcStore h2InMemory() {
        return pooled("jdbc:h2:mem:sync-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000", null, null, 8);
    }

    /** PostgreSQL at a {@code jdbc:postgresql:} URL. */
    public static JdbcStore postgres(String jdbcUrl, @Nullable String user, @Nullable String password) {
        return pooled(jdbcUrl, user, password, 16);
    }

    /**
     * Opens a store from a specification: {@code postgresql://user:pass@host:port/db}, {@code jdbc:postgresql:...},
     * {@code h2:<file>} or {@code jdbc:h2:...}.
     */
    public static JdbcStore open(String spec) {
        String s = spec.trim();
        if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
            URI u = URI.create(s);
            String user = null;
            String pass = null;
            if (u.getRawUserInfo() != null) {
                String[] up = u.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(up[0], StandardCharsets.UTF_8);
                pass = up.length > 1 ? URLDecoder.decode(up[1], StandardCharsets.UTF_8) : null;
            }
            String url = "jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getRawPath()
                    + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
            return postgres(url, user, pass);
        }
        if (s.startsWith("jdbc:postgresql:")) {
            return postgres(s, null, null);
        }
        if (s.startsWith("h2:")) {
            return h2(Path.of(s.substring(3)));
        }
        if (s.startsWith("jdbc:h2:")) {
            return pooled(s, null, null, 16);
        }
        throw new IllegalArgumentException("unknown store '" + spec + "': use postgresql://user:pass@host:port/db, jdbc:postgresql:..., h2:<file> or jdbc:h2:...");
    }

    /** A store over a {@link DataSource} the application owns (and closes). Cross-process notification is off. */
    public static JdbcStore of(DataSource dataSource) {
        return new JdbcStore(dataSource, null, null, null, null);
    }

    private static JdbcStore pooled(String url, @Nullable String user, @Nullable String password, int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(Math.min(2, size));
        cfg.setAutoCommit(false);
        cfg.setPoolName("agent-sync");
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            return new JdbcStore(ds, ds, Dialect.isPostgresUrl(url) ? url : null, user, password);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /** Which database this is. */
    Dialect dialect() {
        return dialect;
    }

    // ---------------------------------------------------------------- rooms

    @Override
    public boolean createRoom(RoomRecord room) {
        return units.transaction("create a room", c -> {
            boolean created = RoomTable.insert(c, room);
            if (created) {
                c.commit();
            }
            return created;
        });
    }

    @Override
    public Optional<RoomRecord> room(String id) {
        return units.transaction("read a room", c -> {
            try {
                return RoomTable.select(c, id, false);
            } finally {
                c.rollback();
            }
        });
    }

    @Override
    public List<RoomRecord> roomsWithToken(String tokenHash) {
        return units.transaction("list rooms", c -> {
            List<RoomRecord> out = RoomTable.withToken(c, tokenHash);
            c.rollback();
            return out;
        });
    }

    // ---------------------------------------------------------------- units of work

    @Override
    public <T> T read(String roomId, Function<? super RoomView, T> work) {
        return units.read(roomId, work);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Concurrent writers of one room are committed together (group commit, see {@link UnitRunner}); each unit
     * still commits as its own revision, and one that throws is undone alone.
     */
    @Override
    public <T> T write(String roomId, Function<? super RoomTx, T> work) {
        return units.write(roomId, work);
    }

    // ---------------------------------------------------------------- notification and lifecycle

    @Override
    public void onRemoteCommit(RemoteCommitListener l) {
        notifier.listen(l);
    }

    /** Drops the notification connection as a network fault would; it reconnects by itself (for tests). */
    void dropListenerConnection() {
        notifier.dropConnection();
    }

    /** Reconnections of the notification connection so far. */
    int listenerReconnects() {
        return notifier.reconnects();
    }

    @Override
    public void close() {
        notifier.close();
        if (owned != null) {
            owned.close();
        }
    }
}
