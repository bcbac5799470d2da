package dev.agentsync.examples;

import dev.agentsync.core.Agent;
import dev.agentsync.core.BatchResult;
import dev.agentsync.core.Caller;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.CompleteResult;
import dev.agentsync.core.Entry;
import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.Joined;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.ReleaseResult;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import dev.agentsync.core.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Agents in this process, calling the library directly with their tokens. */
final class LocalConnection implements SyncClient.Connection {
    private final Sync sync;

    LocalConnection(Sync sync) {
        this.sync = sync;
    }

    @Override
    public void createRoom(String room, RoomSettings settings) {
        sync.createRoom(room, null, settings);
    }

    @Override
    public SyncClient join(String room, String agentId, String role) {
        Joined j = sync.join(room, JoinRequest.of(agentId, agentId, role));
        Caller me = j.caller();
        return new SyncClient() {
            @Override
            public String agent() {
                return agentId;
            }

            @Override
            public WriteResult write(Write w) {
                return sync.write(room, w, me);
            }

            @Override
            public BatchResult batch(List<Write> writes, @Nullable String gate) {
                return sync.batch(room, writes, gate, me);
            }

            @Override
            public Optional<Entry> entry(String scope, String key) {
                return sync.entry(room, scope, key);
            }

            @Override
            public Message post(NewMessage m) {
                return sync.post(room, m, me);
            }

            @Override
            public List<Message> messages(MessageQuery q) {
                return sync.messages(room, q);
            }

            @Override
            public ClaimResult claim(long messageId, @Nullable Duration lease) {
                return sync.claim(room, messageId, agentId, lease, me);
            }

            @Override
            public ReleaseResult release(long messageId) {
                return sync.release(room, messageId, agentId, me);
            }

            @Override
            public CompleteResult complete(long messageId, @Nullable Long fence) {
                return sync.complete(room, messageId, agentId, fence, me);
            }

            @Override
            public List<Agent> agents() {
                return sync.agents(room);
            }

            @Override
            public void leave() {
                sync.leave(room, agentId, me);
            }

            @Override
            public WaitResult await(WaitRequest r) {
                return sync.await(room, r.as(agentId), me).join();
            }

            @Override
            public void heartbeat(String status) {
                sync.heartbeat(room, agentId, status, me);
            }
        };
    }
}
