package dev.agentsync.core.spi;

import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.SyncException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where rooms live. A store gives the core an atomic, serialized unit of work per room, consistent
 * snapshots, durability and ordering; it never implements a rule of the model (CAS, gates, increments,
 * identity): those live once, in the core. A store is correct when it passes the shared contract suite.
 *
 * <pre>{@code
 * Sync sync = Sync.builder().store(new MemoryStore()).build();
 * }</pre>
 */
public interface Store extends AutoCloseable {

    /** Creates a room; false when a room with that id exists. */
    boolean createRoom(RoomRecord room);

    /** One room. */
    Optional<RoomRecord> room(String id);

    /** The rooms in which an agent's current token hashes to {@code tokenHash}. */
    List<RoomRecord> roomsWithToken(String tokenHash);

    /**
     * Runs {@code work} on a consistent snapshot of the room.
     *
     * @throws SyncException {@link ErrorCode#ROOM_NOT_FOUND} when there is no such room
     */
    <T> T read(String roomId, Function<? super RoomView, T> work);

    /**
     * Runs {@code work} as the only writer of the room; commits all of its changes as one new revision when it
     * returns, and none when it throws (the exception propagates). Durable when this method returns.
     *
     * @throws SyncException {@link ErrorCode#ROOM_NOT_FOUND} when there is no such room
     */
    <T> T write(String roomId, Function<? super RoomTx, T> work);

    /**
     * Registers the one listener told of commits made by other processes sharing this store. Stores that
     * are never shared need not override this.
     */
    default void onRemoteCommit(RemoteCommitListener listener) {
    }

    /**
     * Whether a unit of work may block its thread on I/O (a database round trip, an fsync). A server runs blocking
     * stores' work off its event-loop threads; a store whose units are pure memory operations says {@code false}.
     */
    default boolean blocking() {
        return true;
    }

    /** Releases the store's resources. */
    @Override
    default void close() {
    }

    /** The error a store throws for a room that does not exist. */
    static SyncException roomNotFound(String roomId) {
        return new SyncException(ErrorCode.ROOM_NOT_FOUND, "Room '" + roomId + "' does not exist; create it first.");
    }

    /** Told that another process committed in a room, so local waiters re-check. */
    @FunctionalInterface
    interface RemoteCommitListener {
        /** A commit at {@code revision} (or {@code -1}: unknown, re-check anyway) happened in {@code roomId}. */
        void committed(String roomId, long revision);

        /**
         * Notifications may have been missed (the listening connection dropped and came back, or a periodic
         * safety net fired): re-check every room that has waiters.
         */
        default void missed() {
        }
    }
}
