package dev.agentsync.core.spi;

import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;

/**
 * A room inside a serialized, atomic unit of work. Reads see the unit's own earlier changes. The store
 * commits every change of the unit together, as revision {@code revision() + 1}, when the unit returns,
 * and discards all of them when it throws. A unit that changes nothing commits nothing.
 */
public interface RoomTx extends RoomView {
    /** Inserts or replaces an entry. */
    void putEntry(Entry entry);

    /** Removes an entry; no-op when absent. */
    void removeEntry(String scope, String key);

    /** Inserts or replaces an agent (new agents go last in join order). */
    void putAgent(AgentRecord agent);

    /**
     * Inserts or replaces a message. A new message's id is {@code room().lastMessageId() + 1}, and the
     * store advances {@code lastMessageId} to it.
     */
    void putMessage(Message message);

    /** True once the unit has changed anything; such a unit commits as {@code revision() + 1}. */
    boolean changed();
}
