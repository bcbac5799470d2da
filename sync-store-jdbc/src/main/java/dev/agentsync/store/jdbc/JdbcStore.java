package dev.agentsync.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentsync.core.AgentStatus;
import dev.agentsync.core.Entry;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageCounts;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomRecord;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import dev.agentsync.core.spi.Store;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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
 * <p>On PostgreSQL every commit sends {@code NOTIFY agent_sync, '<origin>:<room>:<revision>'}; each store
 * {@code LISTEN}s and tells the core of other processes' commits, so their waiters re-check.
 *
 * <pre>{@code
 * Sync sync = Sync.builder().store(JdbcStore.h2(Path.of("data/agent-sync"))).build();
 * Sync shared = Sync.builder().store(JdbcStore.open("postgresql://sync:secret@db:5432/sync")).build();
 * }</pre>
 */
public final class JdbcStore implements Store {
    static final String CHANNEL = "agent_sync";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The databases this store speaks. */
    enum Dialect { H2, POSTGRESQL }

    private final DataSource ds;
    private final @Nullable HikariDataSource owned;
    private final Dialect dialect;
    private final String origin = UUID.randomUUID().toString();
    private final ConcurrentHashMap<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<Unit<?>>> queues = new ConcurrentHashMap<>();
    private final @Nullable String listenUrl;
    private final @Nullable String listenUser;
    private final @Nullable String listenPassword;
    private volatile @Nullable PgListener listener;

    private JdbcStore(DataSource ds, @Nullable HikariDataSource owned, @Nullable String listenUrl, @Nullable String user,
                      @Nullable String password) {
        this.ds = ds;
        this.owned = owned;
        this.listenUrl = listenUrl;
        this.listenUser = user;
        this.listenPassword = password;
        try (Connection c = ds.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            this.dialect = product.contains("postgres") ? Dialect.POSTGRESQL : Dialect.H2;
        } catch (SQLException e) {
            throw failure("connect to the database", e);
        }
        Flyway.configure().dataSource(ds).locations("classpath:db/agentsync").table("sync_schema_history")
                .baselineOnMigrate(false).load().migrate();
    }

    /** An embedded H2 database in the file {@code file} (created if missing; {@code .mv.db} is appended). */
    public static JdbcStore h2(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        return pooled("jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;LOCK_TIMEOUT=30000;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64", null, null, 16);
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
            return new JdbcStore(ds, ds, url.startsWith("jdbc:postgresql:") ? url : null, user, password);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /** Which database this is. */
    Dialect dialect() {
        return dialect;
    }

    static SyncException failure(String what, SQLException e) {
        return new SyncException(ErrorCode.UNAVAILABLE, "The database failed to " + what + ": " + e.getMessage());
    }

    private ReentrantReadWriteLock lock(String room) {
        return locks.computeIfAbsent(room, k -> new ReentrantReadWriteLock());
    }

    // ---------------------------------------------------------------- rooms

    @Override
    public boolean createRoom(RoomRecord room) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO sync_rooms (id, created_at, meta, revision, last_message_id) VALUES (?,?,?,?,?)")) {
                p.setString(1, room.id());
                p.setLong(2, room.createdAt().toEpochMilli());
                p.setString(3, json(room.meta()));
                p.setLong(4, room.revision());
                p.setLong(5, room.lastMessageId());
                p.executeUpdate();
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return false; // integrity constraint: the room exists
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure("create a room", e);
        }
    }

    @Override
    public Optional<RoomRecord> room(String id) {
        try (Connection c = ds.getConnection()) {
            try {
                return selectRoom(c, id, false);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failure("read a room", e);
        }
    }

    @Override
    public List<RoomRecord> roomsWithToken(String tokenHash) {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT r.id, r.created_at, r.meta, r.revision, r.last_message_id FROM sync_rooms r"
                     + " JOIN sync_agents a ON a.room_id = r.id WHERE a.token_hash = ? ORDER BY r.id")) {
            p.setString(1, tokenHash);
            List<RoomRecord> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(roomRow(rs));
                }
            }
            c.rollback();
            return out;
        } catch (SQLException e) {
            throw failure("list rooms", e);
        }
    }

    private Optional<RoomRecord> selectRoom(Connection c, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id, created_at, meta, revision, last_message_id FROM sync_rooms WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(roomRow(rs)) : Optional.empty();
            }
        }
    }

    private static RoomRecord roomRow(ResultSet rs) throws SQLException {
        return new RoomRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), (ObjectNode) parse(rs.getString(3)), rs.getLong(4), rs.getLong(5));
    }

    // ---------------------------------------------------------------- units of work

    @Override
    public <T> T read(String roomId, Function<? super RoomView, T> work) {
        ReentrantReadWriteLock lock = lock(roomId);
        lock.readLock().lock();
        try (Connection c = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                RoomRecord room = selectRoom(c, roomId, false).orElseThrow(() -> Store.roomNotFound(roomId));
                return work.apply(new SqlView(c, room));
            } finally {
                c.rollback();
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw failure("read room " + roomId, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Group commit: concurrent writers of one room queue their units; whoever holds the room's lock runs every
     * queued unit (up to {@value #MAX_GROUP}) in one transaction, each behind its own savepoint so a unit that
     * throws is undone alone, then commits once. Each unit still sees the ones before it and commits as its own
     * revision; one commit (one WAL flush on PostgreSQL) serves them all.
     */
    @Override
    public <T> T write(String roomId, Function<? super RoomTx, T> work) {
        Unit<T> me = new Unit<>(work);
        ConcurrentLinkedQueue<Unit<?>> queue = queues.computeIfAbsent(roomId, k -> new ConcurrentLinkedQueue<>());
        queue.add(me);
        ReentrantReadWriteLock lock = lock(roomId);
        lock.writeLock().lock();
        try {
            while (!me.done) { // a leader before us may have run it already
                runGroup(roomId, queue);
            }
        } finally {
            lock.writeLock().unlock();
        }
        return me.outcome();
    }

    static final int MAX_GROUP = 64;

    /** One caller's unit of work and how it ended. Fields are written and read under the room's write lock. */
    private static final class Unit<T> {
        final Function<? super RoomTx, T> work;
        @Nullable T result;
        @Nullable RuntimeException failure;
        @Nullable Error error;
        volatile boolean done;

        Unit(Function<? super RoomTx, T> work) {
            this.work = work;
        }

        void run(RoomTx tx) {
            result = work.apply(tx);
        }

        T outcome() {
            if (error != null) {
                throw error;
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    private void runGroup(String roomId, ConcurrentLinkedQueue<Unit<?>> queue) {
        List<Unit<?>> group = new ArrayList<>();
        for (Unit<?> u = queue.poll(); u != null; u = group.size() < MAX_GROUP ? queue.poll() : null) {
            group.add(u);
        }
        if (group.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            try {
                RoomRecord room = selectRoom(c, roomId, true).orElseThrow(() -> Store.roomNotFound(roomId));
                long base = room.revision();
                boolean alone = group.size() == 1;
                for (Unit<?> u : group) {
                    java.sql.Savepoint sp = alone ? null : c.setSavepoint();
                    SqlTx tx = new SqlTx(c, room);
                    try {
                        u.run(tx);
                        if (tx.changed()) {
                            room = tx.room().withRevision(room.revision() + 1);
                        }
                    } catch (RuntimeException e) {
                        u.failure = e;
                        if (alone) {
                            c.rollback();
                        } else {
                            c.rollback(sp);
                        }
                    }
                }
                if (room.revision() != base) {
                    try (PreparedStatement p = c.prepareStatement("UPDATE sync_rooms SET revision = ?, last_message_id = ? WHERE id = ?")) {
                        p.setLong(1, room.revision());
                        p.setLong(2, room.lastMessageId());
                        p.setString(3, roomId);
                        p.executeUpdate();
                    }
                    if (dialect == Dialect.POSTGRESQL) {
                        try (PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                            p.setString(1, CHANNEL);
                            p.setString(2, origin + ":" + room.revision() + ":" + roomId);
                            p.execute();
                        }
                    }
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            failAll(group, failure("write room " + roomId, e));
        } catch (RuntimeException e) {
            failAll(group, e);
        } catch (Error e) {
            for (Unit<?> u : group) {
                u.error = e;
            }
        } finally {
            for (Unit<?> u : group) {
                u.done = true;
            }
        }
    }

    /** Nothing of the group was committed: every unit fails, with its own error if it had one. */
    private static void failAll(List<Unit<?>> group, RuntimeException e) {
        for (Unit<?> u : group) {
            if (u.failure == null) {
                u.failure = e;
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    @Override
    public void onRemoteCommit(RemoteCommitListener l) {
        if (dialect != Dialect.POSTGRESQL || listenUrl == null) {
            return;
        }
        PgListener pg = new PgListener(listenUrl, listenUser, listenPassword, origin, l);
        listener = pg;
        pg.start();
    }

    /** Drops the notification connection as a network fault would; it reconnects by itself (for tests). */
    void dropListenerConnection() {
        PgListener pg = listener;
        if (pg != null) {
            pg.dropConnection();
        }
    }

    /** Reconnections of the notification connection so far. */
    int listenerReconnects() {
        PgListener pg = listener;
        return pg == null ? 0 : pg.reconnects();
    }

    @Override
    public void close() {
        PgListener pg = listener;
        if (pg != null) {
            pg.close();
        }
        if (owned != null) {
            owned.close();
        }
    }

    // ---------------------------------------------------------------- JSON

    private static String json(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new SyncException(ErrorCode.UNAVAILABLE, "The database holds a value that is not JSON: " + e.getOriginalMessage());
        }
    }

    // ---------------------------------------------------------------- snapshot and transaction

    /** A room read through one connection, with what it has read remembered for the unit. */
    private static class SqlView implements RoomView {
        final Connection c;
        RoomRecord room;
        final Map<String, Map<String, Optional<Entry>>> entries = new HashMap<>();
        final Map<String, Map<String, Entry>> fullScopes = new HashMap<>();
        @Nullable Set<String> scopes;
        @Nullable LinkedHashMap<String, AgentRecord> agents;

        SqlView(Connection c, RoomRecord room) {
            this.c = c;
            this.room = room;
        }

        <R> R sql(String what, SqlCall<R> call) {
            try {
                return call.run();
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }

        @Override
        public RoomRecord room() {
            return room;
        }

        @Override
        public Optional<Entry> entry(String scope, String key) {
            Map<String, Entry> full = fullScopes.get(scope);
            if (full != null) {
                return Optional.ofNullable(full.get(key));
            }
            return entries.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(key, k -> sql("read an entry", () -> {
                try (PreparedStatement p = c.prepareStatement("SELECT scope, entry_key, entry_value, expr, version, updated_at FROM sync_entries"
                        + " WHERE room_id = ? AND scope = ? AND entry_key = ?")) {
                    p.setString(1, room.id());
                    p.setString(2, scope);
                    p.setString(3, key);
                    try (ResultSet rs = p.executeQuery()) {
                        return rs.next() ? Optional.of(entryRow(rs)) : Optional.<Entry>empty();
                    }
                }
            }));
        }

        static Entry entryRow(ResultSet rs) throws SQLException {
            String expr = rs.getString(4);
            return new Entry(rs.getString(1), rs.getString(2), parse(rs.getString(3)), expr, rs.getLong(5),
                    Instant.ofEpochMilli(rs.getLong(6)), null);
        }

        @Override
        public Set<String> scopes() {
            if (scopes == null) {
                scopes = sql("list scopes", () -> {
                    Set<String> out = new LinkedHashSet<>();
                    try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT scope FROM sync_entries WHERE room_id = ?")) {
                        p.setString(1, room.id());
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                out.add(rs.getString(1));
                            }
                        }
                    }
                    return out;
                });
            }
            return java.util.Collections.unmodifiableSet(scopes);
        }

        Map<String, Entry> loadScope(String scope) {
            return fullScopes.computeIfAbsent(scope, s -> sql("read a scope", () -> {
                Map<String, Entry> out = new LinkedHashMap<>();
                try (PreparedStatement p = c.prepareStatement("SELECT scope, entry_key, entry_value, expr, version, updated_at FROM sync_entries"
                        + " WHERE room_id = ? AND scope = ?")) {
                    p.setString(1, room.id());
                    p.setString(2, scope);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            Entry e = entryRow(rs);
                            out.put(e.key(), e);
                        }
                    }
                }
                return out;
            }));
        }

        @Override
        public Map<String, Entry> scope(String scope) {
            return new LazyScope(this, scope);
        }

        LinkedHashMap<String, AgentRecord> agentMap() {
            if (agents == null) {
                agents = sql("read agents", () -> {
                    LinkedHashMap<String, AgentRecord> out = new LinkedHashMap<>();
                    try (PreparedStatement p = c.prepareStatement("SELECT id, name, role, meta, status, waiting_on, status_before_wait, joined_at,"
                            + " last_heartbeat, token_hash FROM sync_agents WHERE room_id = ? ORDER BY seq")) {
                        p.setString(1, room.id());
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                String before = rs.getString(7);
                                AgentRecord a = new AgentRecord(rs.getString(1), rs.getString(2), rs.getString(3), (ObjectNode) parse(rs.getString(4)),
                                        AgentStatus.valueOf(rs.getString(5)), rs.getString(6), before == null ? null : AgentStatus.valueOf(before),
                                        Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10).trim());
                                out.put(a.id(), a);
                            }
                        }
                    }
                    return out;
                });
            }
            return agents;
        }

        @Override
        public Collection<AgentRecord> agents() {
            return java.util.Collections.unmodifiableCollection(agentMap().values());
        }

        @Override
        public Optional<AgentRecord> agent(String id) {
            return Optional.ofNullable(agentMap().get(id));
        }

        @Override
        public Optional<AgentRecord> agentByTokenHash(String tokenHash) {
            for (AgentRecord a : agentMap().values()) {
                if (a.tokenHash().equals(tokenHash)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }

        static Message messageRow(ResultSet rs) throws SQLException {
            long replyTo = rs.getLong(7);
            Long reply = rs.wasNull() ? null : replyTo;
            long claimedAt = rs.getLong(9);
            Instant claimed = rs.wasNull() ? null : Instant.ofEpochMilli(claimedAt);
            return new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), parse(rs.getString(5)), reply,
                    rs.getString(8), claimed, Instant.ofEpochMilli(rs.getLong(10)));
        }

        private static final String MESSAGE_COLUMNS = "SELECT id, from_agent, to_agent, kind, body, room_id, reply_to, claimed_by, claimed_at,"
                + " created_at FROM sync_messages WHERE room_id = ?";

        @Override
        public Optional<Message> message(long id) {
            return sql("read a message", () -> {
                try (PreparedStatement p = c.prepareStatement(MESSAGE_COLUMNS + " AND id = ?")) {
                    p.setString(1, room.id());
                    p.setLong(2, id);
                    try (ResultSet rs = p.executeQuery()) {
                        return rs.next() ? Optional.of(messageRow(rs)) : Optional.<Message>empty();
                    }
                }
            });
        }

        @Override
        public List<Message> messages(MessageQuery q, int limit) {
            StringBuilder sql = new StringBuilder(MESSAGE_COLUMNS);
            List<Object> args = new ArrayList<>();
            args.add(room.id());
            if (q.after() != null) {
                sql.append(" AND id > ?");
                args.add(q.after());
            }
            if (q.kind() != null) {
                sql.append(" AND kind = ?");
                args.add(q.kind());
            }
            if (q.thread() != null) {
                sql.append(" AND (id = ? OR reply_to = ?)");
                args.add(q.thread());
                args.add(q.thread());
            }
            if (q.unclaimed()) {
                sql.append(" AND claimed_by IS NULL");
            }
            if (q.from() != null) {
                sql.append(" AND from_agent = ?");
                args.add(q.from());
            }
            if (q.to() != null) {
                sql.append(" AND to_agent = ?");
                args.add(q.to());
            }
            sql.append(" ORDER BY id LIMIT ?");
            args.add(limit);
            return sql("list messages", () -> {
                List<Message> out = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                    for (int i = 0; i < args.size(); i++) {
                        p.setObject(i + 1, args.get(i));
                    }
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            out.add(messageRow(rs));
                        }
                    }
                }
                return out;
            });
        }

        @Override
        public MessageCounts messageCounts() {
            return sql("count messages", () -> {
                try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(CASE WHEN claimed_by IS NULL THEN 1 ELSE 0 END), 0)"
                        + " FROM sync_messages WHERE room_id = ?")) {
                    p.setString(1, room.id());
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        return new MessageCounts(rs.getLong(1), rs.getLong(2));
                    }
                }
            });
        }
    }

    /** One scope as a map that reads a single row per lookup and the whole scope only when iterated. */
    private static final class LazyScope extends AbstractMap<String, dev.agentsync.core.Entry> {
        private final SqlView view;
        private final String scope;

        LazyScope(SqlView view, String scope) {
            this.view = view;
            this.scope = scope;
        }

        @Override
        public dev.agentsync.core.Entry get(Object key) {
            return key instanceof String ? view.entry(scope, (String) key).orElse(null) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Map.Entry<String, dev.agentsync.core.Entry>> entrySet() {
            return java.util.Collections.unmodifiableMap(view.loadScope(scope)).entrySet();
        }
    }

    /** A unit of work: each change is executed at once in the transaction and remembered for later reads. */
    private static final class SqlTx extends SqlView implements RoomTx {
        private boolean changed;

        SqlTx(Connection c, RoomRecord room) {
            super(c, room);
        }

        @Override
        public boolean changed() {
            return changed;
        }

        private void remember(String scope, String key, @Nullable Entry e) {
            entries.computeIfAbsent(scope, s -> new HashMap<>()).put(key, Optional.ofNullable(e));
            Map<String, Entry> full = fullScopes.get(scope);
            if (full != null) {
                if (e == null) {
                    full.remove(key);
                } else {
                    full.put(key, e);
                }
            }
            if (e != null && scopes != null) {
                scopes.add(scope);
            } else if (e == null) {
                scopes = null;
            }
        }

        @Override
        public void putEntry(Entry e) {
            boolean exists = entry(e.scope(), e.key()).isPresent(); // the core has read it already: no query
            sql("write an entry", () -> {
                String sql = exists
                        ? "UPDATE sync_entries SET entry_value = ?, expr = ?, version = ?, updated_at = ? WHERE room_id = ? AND scope = ? AND entry_key = ?"
                        : "INSERT INTO sync_entries (entry_value, expr, version, updated_at, room_id, scope, entry_key) VALUES (?,?,?,?,?,?,?)";
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setString(1, json(e.value()));
                    p.setString(2, e.expr());
                    p.setLong(3, e.version());
                    p.setLong(4, e.updatedAt().toEpochMilli());
                    p.setString(5, room.id());
                    p.setString(6, e.scope());
                    p.setString(7, e.key());
                    p.executeUpdate();
                }
                return null;
            });
            changed = true;
            remember(e.scope(), e.key(), e);
        }

        @Override
        public void removeEntry(String scope, String key) {
            int n = sql("delete an entry", () -> {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM sync_entries WHERE room_id = ? AND scope = ? AND entry_key = ?")) {
                    p.setString(1, room.id());
                    p.setString(2, scope);
                    p.setString(3, key);
                    return p.executeUpdate();
                }
            });
            if (n > 0) {
                changed = true;
                remember(scope, key, null);
            }
        }

        @Override
        public void putAgent(AgentRecord a) {
            boolean exists = agentMap().containsKey(a.id());
            sql("write an agent", () -> {
                String sql = exists
                        ? "UPDATE sync_agents SET name = ?, role = ?, meta = ?, status = ?, waiting_on = ?, status_before_wait = ?, joined_at = ?,"
                                + " last_heartbeat = ?, token_hash = ? WHERE room_id = ? AND id = ?"
                        : "INSERT INTO sync_agents (name, role, meta, status, waiting_on, status_before_wait, joined_at, last_heartbeat, token_hash,"
                                + " room_id, id, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setString(1, a.name());
                    p.setString(2, a.role());
                    p.setString(3, json(a.meta()));
                    p.setString(4, a.status().name());
                    p.setString(5, a.waitingOn());
                    if (a.statusBeforeWait() == null) {
                        p.setNull(6, Types.VARCHAR);
                    } else {
                        p.setString(6, a.statusBeforeWait().name());
                    }
                    p.setLong(7, a.joinedAt().toEpochMilli());
                    p.setLong(8, a.lastHeartbeat().toEpochMilli());
                    p.setString(9, a.tokenHash());
                    p.setString(10, room.id());
                    p.setString(11, a.id());
                    if (!exists) {
                        p.setLong(12, agentMap().size() + 1L);
                    }
                    p.executeUpdate();
                }
                return null;
            });
            changed = true;
            agentMap().put(a.id(), a);
        }

        @Override
        public void putMessage(Message m) {
            long last = room.lastMessageId();
            boolean isNew = m.id() == last + 1;
            if (!isNew && (m.id() < 1 || m.id() > last)) {
                throw new IllegalArgumentException("message id " + m.id() + " is neither new (" + (last + 1) + ") nor existing");
            }
            sql("write a message", () -> {
                String sql = isNew
                        ? "INSERT INTO sync_messages (from_agent, to_agent, kind, body, reply_to, claimed_by, claimed_at, created_at, room_id, id)"
                                + " VALUES (?,?,?,?,?,?,?,?,?,?)"
                        : "UPDATE sync_messages SET from_agent = ?, to_agent = ?, kind = ?, body = ?, reply_to = ?, claimed_by = ?, claimed_at = ?,"
                                + " created_at = ? WHERE room_id = ? AND id = ?";
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setString(1, m.from());
                    p.setString(2, m.to());
                    p.setString(3, m.kind());
                    p.setString(4, json(m.body()));
                    if (m.replyTo() == null) {
                        p.setNull(5, Types.BIGINT);
                    } else {
                        p.setLong(5, m.replyTo());
                    }
                    p.setString(6, m.claimedBy());
                    if (m.claimedAt() == null) {
                        p.setNull(7, Types.BIGINT);
                    } else {
                        p.setLong(7, m.claimedAt().toEpochMilli());
                    }
                    p.setLong(8, m.createdAt().toEpochMilli());
                    p.setString(9, room.id());
                    p.setLong(10, m.id());
                    p.executeUpdate();
                }
                return null;
            });
            changed = true;
            if (isNew) {
                room = room.withLastMessageId(m.id());
            }
        }
    }

    /** A JDBC call that may throw. */
    @FunctionalInterface
    private interface SqlCall<R> {
        R run() throws SQLException;
    }
}
