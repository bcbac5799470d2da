package dev.agentsync.examples;

import dev.agentsync.core.BatchResult;
import dev.agentsync.core.Agent;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.CompleteResult;
import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.ReleaseResult;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.core.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One agent's handle on one room: what the pattern programs use. Two implementations, so every program runs
 * unchanged in-process ({@link Connection#inProcess}) and against a server ({@link Connection#http}). Errors are
 * the core's own exceptions in both cases ({@code VersionConflictException}, {@code AlreadyClaimedException}...).
 */
public interface SyncClient {
    /** This agent's id. */
    String agent();

    /** One write (as this agent). */
    WriteResult write(Write w);

    /** An all-or-nothing batch with an optional gate. */
    BatchResult batch(List<Write> writes, @Nullable String gate);

    /** One entry. */
    Optional<Entry> entry(String scope, String key);

    /** Posts a message from this agent. */
    Message post(NewMessage m);

    /** Lists messages. */
    List<Message> messages(MessageQuery q);

    /** Claims a message for this agent, with the room's default lease. */
    default ClaimResult claim(long messageId) {
        return claim(messageId, null);
    }

    /**
     * Claims a message for this agent under {@code lease} (or the room's default when {@code null}): unless renewed
     * (claimed again by this agent) the claim ends by itself and the message is claimable again. Claiming a message
     * this agent holds renews it.
     */
    ClaimResult claim(long messageId, @Nullable Duration lease);

    /** Gives a held message back. */
    ReleaseResult release(long messageId);

    /** Marks a held message done; with {@code fence}, only if that is still the current grant ({@code StaleFenceException}). */
    CompleteResult complete(long messageId, @Nullable Long fence);

    /** The room's agents, each with {@code online}. */
    List<Agent> agents();

    /** Leaves the room: the token stops working and this agent's claims are released. */
    void leave();

    /** Waits (blocking the calling thread) as this agent: others see it as {@code waiting} meanwhile. */
    WaitResult await(WaitRequest r);

    /** An explicit heartbeat. */
    void heartbeat(String status);

    /** How agents reach rooms. */
    interface Connection extends AutoCloseable {
        /** Creates a room with the default settings. */
        default void createRoom(String room) {
            createRoom(room, RoomSettings.defaults());
        }

        /** Creates a room with these settings (leases, delivery limit, presence TTL...). */
        void createRoom(String room, RoomSettings settings);

        /** Joins {@code room} as {@code agentId} and returns the agent's handle (it holds the token). */
        SyncClient join(String room, String agentId, String role);

        /** A connection straight to a {@link dev.agentsync.core.Sync} in this process. */
        static Connection inProcess(dev.agentsync.core.Sync sync) {
            return new LocalConnection(sync);
        }

        /** A connection to a server at {@code baseUrl}, for example {@code http://127.0.0.1:8080}. */
        static Connection http(String baseUrl) {
            return new HttpConnection(baseUrl);
        }

        @Override
        default void close() {
        }
    }
}
