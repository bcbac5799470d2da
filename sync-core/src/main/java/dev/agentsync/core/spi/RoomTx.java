package dev.agentsync.core.spi;

import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;

/**
 * A room inside a serialized, atomic unit of work. Reads see the unit's own earlier changes. The store commits
 * every change of the unit together when the unit returns, and discards all of them when it throws. A unit
 * that changes nothing commits nothing.
 *
 * <p>Two kinds of change: <em>revision</em> changes (entries, messages) commit as revision
 * {@code revision() + 1}; <em>presence</em> changes (agent records, lease renewals) are made durable with the
 * unit but do not move the revision, so a wait with {@code after_revision} is never woken by a heartbeat.
 */
public interface RoomTx extends RoomView {
    /** Inserts or replaces an entry (a revision change). */
    void putEntry(Entry entry);

    /** Removes an entry; no-op when absent (a revision change when it existed). */
    void removeEntry(String scope, String key);

    /** Inserts or replaces an agent, new agents last in join order (a presence change). */
    void putAgent(AgentRecord agent);

    /** Removes an agent: it left; its token stops working (a presence change). No-op when absent. */
    void removeAgent(String id);

    /**
     * Inserts or replaces a message (a revision change). A new message's id is {@code room().lastMessageId() + 1},
     * and the store advances {@code lastMessageId} to it; {@link RoomRecord#isNewMessage} tells which.
     */
    void putMessage(Message message);

    /** Replaces an existing message without moving the revision: a lease renewal (a presence change). */
    void renewMessage(Message message);

    /** True once the unit has changed anything. */
    boolean changed();

    /** True once the unit has made a revision change; it then commits as {@code revision() + 1}. */
    boolean movesRevision();
}
