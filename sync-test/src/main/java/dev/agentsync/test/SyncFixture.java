package dev.agentsync.test;

import dev.agentsync.core.Sync;
import dev.agentsync.core.spi.Store;
import dev.agentsync.core.spi.StoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One test's world: a fresh store of one {@link TestStore} kind, a {@link ManualClock} and a {@link Sync} built
 * over both, and the room the test works in. {@link SyncExtension} makes one per test and closes it after; use it
 * directly where the extension does not fit.
 *
 * <pre>{@code
 * try (SyncFixture f = SyncFixture.open(TestStore.MEMORY)) {
 *     TestRoom room = f.room();
 *     ...
 * }
 * }</pre>
 *
 * <p>The {@code Sync} times its waits on the manual clock (it is the scheduler), and it records the waits it parks
 * so that {@link TestRoom#awaitParked} knows, without polling, when a wait is registered and its timeout armed.
 */
public final class SyncFixture implements AutoCloseable {
    private final TestStore kind;
    private final ManualClock clock;
    private final Store store;
    private final Sync sync;
    private final Runnable cleanup;
    private @Nullable TestRoom room;
    private boolean closed;

    private SyncFixture(TestStore kind, ManualClock clock, Store store, Sync sync, Runnable cleanup) {
        this.kind = kind;
        this.clock = clock;
        this.store = store;
        this.sync = sync;
        this.cleanup = cleanup;
    }

    /**
     * Opens a fresh, empty store of {@code kind} with a default {@link Sync}.
     *
     * @throws IllegalStateException when the store cannot run here ({@link TestStore#unavailable()} says why)
     */
    public static SyncFixture open(TestStore kind) {
        return open(kind, b -> { });
    }

    /**
     * Opens a fresh, empty store of {@code kind}; {@code options} may set the builder's limits or
     * {@code requireAuth} (the store and the clock are the fixture's).
     *
     * @throws IllegalStateException when the store cannot run here ({@link TestStore#unavailable()} says why)
     */
    public static SyncFixture open(TestStore kind, Consumer<Sync.Builder> options) {
        Objects.requireNonNull(kind, "kind");
        kind.unavailable().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        Opened opened = switch (kind) {
            case MEMORY -> new Opened("memory", () -> { });
            case H2 -> h2();
            case POSTGRESQL -> postgres();
        };
        Store store;
        try {
            store = StoreProvider.openUri(opened.uri);
        } catch (RuntimeException e) {
            opened.cleanup.run();
            throw e;
        }
        ManualClock clock = new ManualClock();
        Sync.Builder b = Sync.builder().store(store).clock(clock);
        Sync built;
        try {
            options.accept(b);
            built = b.build();
        } catch (RuntimeException e) {
            store.close();
            opened.cleanup.run();
            throw e;
        }
        return new SyncFixture(kind, clock, store, WaitLedger.track(built, clock), opened.cleanup);
    }

    private record Opened(String uri, Runnable cleanup) {
    }

    private static Opened h2() {
        Path dir;
        try {
            dir = Files.createTempDirectory("sync-test-h2-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the H2 store", e);
        }
        return new Opened("h2:" + dir.resolve("rooms").toAbsolutePath(), () -> deleteTree(dir));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the H2 store's directory " + dir, e);
        }
    }

    private static Opened postgres() {
        String url = Objects.requireNonNull(TestStore.pgUrl(), TestStore.PG_URL_ENV);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException(TestStore.PG_URL_ENV + " must be a JDBC URL (jdbc:postgresql://host:port/db?user=..&password=..), was "
                    + url.replaceAll("password=[^&]*", "password=***"));
        }
        String schema = "sync_test_" + UUID.randomUUID().toString().replace("-", "");
        sql(url, "CREATE SCHEMA " + schema);
        return new Opened(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                () -> sql(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
    }

    private static void sql(String url, String statement) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + TestStore.PG_URL_ENV + " refused: " + statement + ": " + e.getMessage(), e);
        }
    }

    /** The kind of store. */
    public TestStore kind() {
        return kind;
    }

    /** The clock and scheduler of {@link #sync()}. */
    public ManualClock clock() {
        return clock;
    }

    /** The instance under test; closed with the fixture. */
    public Sync sync() {
        return sync;
    }

    /** Whether the store's work blocks on I/O (a server runs it off its event loop): pass it to a server. */
    public boolean blockingStore() {
        return store.blocking();
    }

    /** The fixture's room, created on the first call with a fresh id; every later call returns the same room. */
    public synchronized TestRoom room() {
        if (room == null) {
            room = newRoom();
        }
        return room;
    }

    /** Creates another room with a fresh id. */
    public TestRoom newRoom() {
        String id = "room-" + UUID.randomUUID().toString().substring(0, 8);
        sync.createRoom(id);
        return TestRoom.of(sync, id);
    }

    /** Closes the {@code Sync} (which answers parked waits and closes the store), then removes the store's data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sync.close();
        } finally {
            cleanup.run();
        }
    }

    @Override
    public String toString() {
        return "SyncFixture[" + kind.displayName() + ", " + clock + "]";
    }
}
