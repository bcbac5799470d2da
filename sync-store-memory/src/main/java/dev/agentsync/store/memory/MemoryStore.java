package dev.agentsync.store.memory;

import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageCounts;
import dev.agentsync.core.MessageState;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomRecord;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import dev.agentsync.core.spi.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Rooms in memory: fast, ephemeral, for tests and single-process embedding.
 *
 * <p>Each room has a read/write lock: a unit of work holds the write lock, applies its changes in place and
 * keeps an undo log, so a unit that throws leaves the room as it was and a reader (holding the read lock)
 * never sees half a unit. A write touches only the entries it changes: its cost does not grow with the room.
 *
 * <pre>{@code
 * Sync sync = Sync.builder().store(new MemoryStore()).build();
 * }</pre>
 */
public final class MemoryStore implements Store {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    /** An empty store. */
    public MemoryStore() {
    }

    @Override
    public boolean blocking() {
        return false; // every unit of work is a few map operations under the room's lock
    }

    @Override
    public boolean createRoom(RoomRecord room) {
        return rooms.putIfAbsent(room.id(), new Room(room)) == null;
    }

    @Override
    public Optional<RoomRecord> room(String id) {
        Room r = rooms.get(id);
        return r == null ? Optional.empty() : Optional.of(r.record);
    }

    @Override
    public List<RoomRecord> roomsWithToken(String tokenHash) {
        List<RoomRecord> out = new ArrayList<>();
        for (Room r : rooms.values()) {
            r.lock.readLock().lock();
            try {
                if (r.tokenIndex.containsKey(tokenHash)) {
                    out.add(r.record);
                }
            } finally {
                r.lock.readLock().unlock();
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    private Room get(String id) {
        Room r = rooms.get(id);
        if (r == null) {
            throw Store.roomNotFound(id);
        }
        return r;
    }

    @Override
    public <T> T read(String roomId, Function<? super RoomView, T> work) {
        Room r = get(roomId);
        r.lock.readLock().lock();
        try {
            return work.apply(r.view);
        } finally {
            r.lock.readLock().unlock();
        }
    }

    @Override
    public <T> T write(String roomId, Function<? super RoomTx, T> work) {
        Room r = get(roomId);
        r.lock.writeLock().lock();
        try {
            Tx tx = new Tx(r);
            T result;
            try {
                result = work.apply(tx);
            } catch (RuntimeException | Error e) {
                tx.rollback();
                throw e;
            }
            tx.commit();
            return result;
        } finally {
            r.lock.writeLock().unlock();
        }
    }

    /** One room's data. Guarded by {@link #lock}; {@link #record} is also readable without it. */
    private static final class Room {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        volatile RoomRecord record;
        final Map<String, Map<String, Entry>> state = new HashMap<>();
        final LinkedHashMap<String, AgentRecord> agents = new LinkedHashMap<>();
        final Map<String, String> tokenIndex = new HashMap<>();
        final ArrayList<Message> messages = new ArrayList<>();
        /** Per kind, the number of messages in each {@link MessageState} (by ordinal). */
        final TreeMap<String, long[]> counts = new TreeMap<>();
        /** The messages held now, by id. */
        final TreeMap<Long, Message> held = new TreeMap<>();
        final View view = new View(this);

        /** Moves the bookkeeping from {@code prev} (null: new) to {@code next} (null: gone). */
        void account(@Nullable Message prev, @Nullable Message next) {
            if (prev != null) {
                counts.get(prev.kind())[prev.state().ordinal()]--;
                if (prev.state() == MessageState.CLAIMED) {
                    held.remove(prev.id());
                }
            }
            if (next != null) {
                counts.computeIfAbsent(next.kind(), k -> new long[MessageState.values().length])[next.state().ordinal()]++;
                if (next.state() == MessageState.CLAIMED) {
                    held.put(next.id(), next);
                }
            }
        }

        Room(RoomRecord record) {
            this.record = record;
        }
    }

    /** Reads of a room; the caller holds its lock. */
    private static class View implements RoomView {
        final Room r;

        View(Room r) {
            this.r = r;
        }

        @Override
        public RoomRecord room() {
            return r.record;
        }

        @Override
        public Optional<Entry> entry(String scope, String key) {
            Map<String, Entry> s = r.state.get(scope);
            return s == null ? Optional.empty() : Optional.ofNullable(s.get(key));
        }

        @Override
        public Set<String> scopes() {
            return Collections.unmodifiableSet(r.state.keySet());
        }

        @Override
        public Map<String, Entry> scope(String scope) {
            Map<String, Entry> s = r.state.get(scope);
            return s == null ? Map.of() : Collections.unmodifiableMap(s);
        }

        @Override
        public Collection<AgentRecord> agents() {
            return Collections.unmodifiableCollection(r.agents.values());
        }

        @Override
        public Optional<AgentRecord> agent(String id) {
            return Optional.ofNullable(r.agents.get(id));
        }

        @Override
        public Optional<AgentRecord> agentByTokenHash(String tokenHash) {
            String id = r.tokenIndex.get(tokenHash);
            return id == null ? Optional.empty() : Optional.ofNullable(r.agents.get(id));
        }

        @Override
        public Optional<Message> message(long id) {
            return id >= 1 && id <= r.messages.size() ? Optional.of(r.messages.get((int) (id - 1))) : Optional.empty();
        }

        @Override
        public List<Message> messages(MessageQuery q, int limit) {
            List<Message> out = new ArrayList<>(Math.min(limit, 64));
            long from = 0;
            if (q.after() != null) {
                from = Math.max(from, q.after());
            }
            if (q.thread() != null) {
                from = Math.max(from, q.thread() - 1);
            }
            for (long i = from; i < r.messages.size() && out.size() < limit; i++) {
                Message m = r.messages.get((int) i);
                if (q.matches(m)) {
                    out.add(m);
                }
            }
            return out;
        }

        @Override
        public MessageCounts messageCounts() {
            MessageCounts.Tally t = MessageCounts.tally();
            r.counts.forEach((kind, c) -> {
                for (MessageState st : MessageState.values()) {
                    t.add(kind, st, c[st.ordinal()]);
                }
            });
            return t.build();
        }

        @Override
        public List<Message> heldMessages() {
            return List.copyOf(r.held.values());
        }
    }

    /** A unit of work: changes go straight into the room, each with its undo step. */
    private static final class Tx extends View implements RoomTx {
        private final ArrayList<Runnable> undo = new ArrayList<>(4);
        private RoomRecord record;
        private boolean movesRevision;

        Tx(Room r) {
            super(r);
            this.record = r.record;
        }

        @Override
        public RoomRecord room() {
            return record;
        }

        @Override
        public boolean changed() {
            return !undo.isEmpty();
        }

        @Override
        public boolean movesRevision() {
            return movesRevision;
        }

        @Override
        public void putEntry(Entry e) {
            Map<String, Entry> s = r.state.get(e.scope());
            if (s == null) {
                Map<String, Entry> created = new HashMap<>();
                r.state.put(e.scope(), created);
                s = created;
            }
            Map<String, Entry> scope = s;
            Entry prev = scope.put(e.key(), e);
            movesRevision = true;
            undo.add(() -> {
                if (prev == null) {
                    scope.remove(e.key());
                    if (scope.isEmpty()) {
                        r.state.remove(e.scope());
                    }
                } else {
                    scope.put(e.key(), prev);
                }
            });
        }

        @Override
        public void removeEntry(String scopeName, String key) {
            Map<String, Entry> scope = r.state.get(scopeName);
            if (scope == null) {
                return;
            }
            Entry prev = scope.remove(key);
            if (prev == null) {
                return;
            }
            if (scope.isEmpty()) {
                r.state.remove(scopeName);
            }
            movesRevision = true;
            undo.add(() -> r.state.computeIfAbsent(scopeName, k -> scope).put(key, prev));
        }

        @Override
        public void putAgent(AgentRecord a) {
            AgentRecord prev = r.agents.put(a.id(), a);
            if (prev != null && !prev.tokenHash().equals(a.tokenHash())) {
                r.tokenIndex.remove(prev.tokenHash());
            }
            r.tokenIndex.put(a.tokenHash(), a.id());
            undo.add(() -> {
                r.tokenIndex.remove(a.tokenHash());
                if (prev == null) {
                    r.agents.remove(a.id());
                } else {
                    r.agents.put(a.id(), prev);
                    r.tokenIndex.put(prev.tokenHash(), prev.id());
                }
            });
        }

        @Override
        public void removeAgent(String id) {
            if (!r.agents.containsKey(id)) {
                return;
            }
            LinkedHashMap<String, AgentRecord> before = new LinkedHashMap<>(r.agents); // join order, for the undo
            AgentRecord prev = r.agents.remove(id);
            r.tokenIndex.remove(prev.tokenHash());
            undo.add(() -> {
                r.agents.clear();
                r.agents.putAll(before);
                r.tokenIndex.put(prev.tokenHash(), prev.id());
            });
        }

        @Override
        public void putMessage(Message m) {
            movesRevision = true;
            if (record.isNewMessage(m.id())) {
                RoomRecord before = record;
                r.messages.add(m);
                r.account(null, m);
                record = record.withLastMessageId(m.id());
                undo.add(() -> {
                    r.messages.remove(r.messages.size() - 1);
                    r.account(m, null);
                    record = before;
                });
            } else {
                replace(m);
            }
        }

        @Override
        public void renewMessage(Message m) {
            if (record.isNewMessage(m.id())) {
                throw new IllegalArgumentException("message " + m.id() + " does not exist; only an existing one is renewed");
            }
            replace(m);
        }

        private void replace(Message m) {
            int i = (int) (m.id() - 1);
            Message prev = r.messages.set(i, m);
            r.account(prev, m);
            undo.add(() -> {
                r.messages.set(i, prev);
                r.account(m, prev);
            });
        }

        void rollback() {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            undo.clear();
        }

        void commit() {
            if (movesRevision) {
                r.record = record.withRevision(record.revision() + 1);
            } else if (record != r.record) {
                r.record = record;
            }
        }
    }
}
