package dev.agentsync.core.internal;

import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.internal.wait.WaitRegistry;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import dev.agentsync.core.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Units of work on a room, and what every commit owes the room's waiters: each unit runs serialized by the store;
 * when it changed the room, the room's pending wait conditions are evaluated inside it, on exactly what it commits,
 * and the waiters it made true are answered once the commit has landed (put back when it did not).
 */
public final class RoomUnits {
    private final Store store;
    private final WaitRegistry waits;
    private final Deadlines deadlines;
    private volatile boolean closed;

    /** Units over {@code store}, answering the waiters of {@code waits}, loading rooms' {@code deadlines}. */
    public RoomUnits(Store store, WaitRegistry waits, Deadlines deadlines) {
        this.store = store;
        this.waits = waits;
        this.deadlines = deadlines;
    }

    /** The store. */
    public Store store() {
        return store;
    }

    /** Refuses new client work from now on. */
    public void close() {
        closed = true;
    }

    /** True once closing. */
    public boolean closed() {
        return closed;
    }

    /** Refuses work once the instance is closing ({@code unavailable}). */
    public void ensureOpen() {
        if (closed) {
            throw new SyncException(ErrorCode.UNAVAILABLE, "This agent-sync instance is shutting down; retry on another.");
        }
    }

    /** A read on a consistent snapshot. */
    public <T> T read(String room, Function<? super RoomView, T> work) {
        return store.read(room, v -> {
            deadlines.touch(room, v);
            return work.apply(v);
        });
    }

    /** A unit of work for a client's request: refused once the instance is closing. */
    public <T> T mutate(String room, Function<RoomTx, T> work) {
        ensureOpen();
        return unit(room, work);
    }

    /**
     * Runs a serialized unit of work, then answers the room's waiters that what it committed made true. A unit
     * that changed only presence re-checks them at the same revision; one with revision changes, at the next.
     */
    public <T> T unit(String room, Function<RoomTx, T> work) {
        List<WaitRegistry.Fired> fired = new ArrayList<>(0);
        T result;
        try {
            result = store.write(room, tx -> {
                if (!fired.isEmpty()) { // the store retried the unit: put back what the first attempt fired
                    waits.rollback(room, fired);
                    fired.clear();
                }
                deadlines.touch(room, tx);
                T r = work.apply(tx);
                if (tx.changed() && waits.active(room)) {
                    fired.addAll(waits.evaluate(room, tx, tx.movesRevision() ? tx.revision() + 1 : tx.revision()));
                }
                return r;
            });
        } catch (RuntimeException e) {
            waits.rollback(room, fired);
            throw e;
        }
        waits.deliver(room, fired);
        return result;
    }

    /** Re-evaluates a room's waiters on its current state (after a commit made elsewhere). */
    public void recheck(String room) {
        if (!waits.active(room) || closed) {
            return;
        }
        List<WaitRegistry.Fired> fired;
        try {
            fired = store.read(room, view -> waits.evaluate(room, view, view.revision()));
        } catch (SyncException e) {
            return;
        }
        waits.deliver(room, fired);
    }

    /** Listens for other processes' commits on a shared store, so local waiters re-check. */
    public void listenForRemoteCommits() {
        store.onRemoteCommit(new Store.RemoteCommitListener() {
            @Override
            public void committed(String room, long revision) {
                try {
                    store.read(room, v -> {
                        deadlines.reload(room, v); // leases granted and heartbeats heard by the other process
                        return null;
                    });
                } catch (SyncException e) {
                    return; // the room is gone
                }
                recheck(room);
            }

            @Override
            public void missed() {
                for (String room : waits.rooms()) {
                    recheck(room);
                }
            }
        });
    }
}
