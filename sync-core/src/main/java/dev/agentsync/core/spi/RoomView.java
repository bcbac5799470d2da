package dev.agentsync.core.spi;

import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageCounts;
import dev.agentsync.core.MessageQuery;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A consistent snapshot of one room, valid only inside the unit of work it was handed to. Collections it
 * returns may be live, unmodifiable views; the core never keeps them past the unit.
 */
public interface RoomView {
    /** The room, at the last committed revision (inside a write: with the unit's own changes applied). */
    RoomRecord room();

    /** The last committed revision. */
    default long revision() {
        return room().revision();
    }

    /** One entry. */
    Optional<Entry> entry(String scope, String key);

    /** The scopes that hold at least one entry, in any order. */
    Set<String> scopes();

    /** The entries of one scope by key, unmodifiable; empty when the scope holds none. */
    Map<String, Entry> scope(String scope);

    /** The agents, in join order. */
    Collection<AgentRecord> agents();

    /** One agent. */
    Optional<AgentRecord> agent(String id);

    /** The agent whose current token hashes to {@code tokenHash}. */
    Optional<AgentRecord> agentByTokenHash(String tokenHash);

    /** One message. */
    Optional<Message> message(long id);

    /**
     * The messages that {@link MessageQuery#matches match} {@code query}, in id order, at most {@code limit}
     * (the core resolves the query's own limit before calling).
     */
    List<Message> messages(MessageQuery query, int limit);

    /** The messages aggregate: every message counted once in its {@link dev.agentsync.core.MessageState}, per kind too. */
    MessageCounts messageCounts();

    /** The messages held now (state {@code CLAIMED}), in id order: where the core finds the leases to time. */
    List<Message> heldMessages();
}
