package dev.agentsync.store.jdbc;

import dev.agentsync.core.spi.RoomRecord;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import dev.agentsync.core.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs units of work as database transactions. Writers of a room in this process take the room's local lock, then
 * every writer (of any process) locks the room's row ({@code SELECT ... FOR UPDATE}), which is also how a unit
 * learns that its room does not exist; changes go to the database as the unit makes them and the transaction
 * commits them all, with the room's new revision, or none. Reads run at {@code REPEATABLE READ}, so one snapshot
 * never straddles a commit.
 *
 * <p>Group commit: concurrent writers of one room queue their units; whoever holds the room's lock runs every
 * queued unit (up to {@value #MAX_GROUP}) in one transaction, each behind its own savepoint so a unit that throws is
 * undone alone, then commits once. Each unit still sees the ones before it and commits as its own revision; one
 * commit (one WAL flush on PostgreSQL) serves them all. A unit is never retried.
 */
final class UnitRunner {
    static final int MAX_GROUP = 64;

    private final DataSource ds;
    private final Notifier notifier;
    private final ConcurrentHashMap<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<Unit<?>>> queues = new ConcurrentHashMap<>();

    UnitRunner(DataSource ds, Notifier notifier) {
        this.ds = ds;
        this.notifier = notifier;
    }

    private ReentrantReadWriteLock lock(String room) {
        return locks.computeIfAbsent(room, k -> new ReentrantReadWriteLock());
    }

    /**
     * Runs {@code work} on a connection of its own, outside any room's unit of work; the work commits or rolls back.
     * A JDBC failure is reported as {@code unavailable}: the database failed to {@code what}.
     */
    <T> T transaction(String what, Sql.Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw Sql.failure(what, e);
        }
    }

    /** See {@link Store#read}. */
    <T> T read(String roomId, Function<? super RoomView, T> work) {
        ReentrantReadWriteLock lock = lock(roomId);
        lock.readLock().lock();
        try (Connection c = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                RoomRecord room = RoomTable.select(c, roomId, false).orElseThrow(() -> Store.roomNotFound(roomId));
                return work.apply(new SqlView(c, room));
            } finally {
                c.rollback();
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw Sql.failure("read room " + roomId, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** See {@link Store#write}; run in a group with the room's other queued units. */
    <T> T write(String roomId, Function<? super RoomTx, T> work) {
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
                commitGroup(c, roomId, group);
            } catch (SQLException | RuntimeException e) {
                Sql.rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            failAll(group, Sql.failure("write room " + roomId, e));
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

    /** Runs the group's units in one transaction on {@code c}, each as its own revision, and commits them. */
    private void commitGroup(Connection c, String roomId, List<Unit<?>> group) throws SQLException {
        RoomRecord room = RoomTable.select(c, roomId, true).orElseThrow(() -> Store.roomNotFound(roomId));
        long base = room.revision();
        boolean dirty = false; // presence changes commit without moving the revision
        boolean alone = group.size() == 1;
        for (Unit<?> u : group) {
            Savepoint sp = alone ? null : c.setSavepoint();
            SqlTx tx = new SqlTx(c, room);
            try {
                u.run(tx);
                if (tx.movesRevision()) {
                    room = tx.room().withRevision(room.revision() + 1);
                }
                dirty |= tx.changed();
            } catch (RuntimeException e) {
                u.failure = e;
                if (sp == null) {
                    c.rollback();
                } else {
                    c.rollback(sp);
                }
            }
        }
        if (dirty) {
            if (room.revision() != base) {
                RoomTable.advance(c, room);
            }
            notifier.announce(c, roomId, room.revision());
            c.commit();
        } else {
            c.rollback();
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
}
