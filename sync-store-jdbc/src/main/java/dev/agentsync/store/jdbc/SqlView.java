package dev.agentsync.store.jdbc;

import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageCounts;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.MessageState;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomRecord;
import dev.agentsync.core.spi.RoomView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A room read through one connection, inside the transaction of one unit of work, with what it has read
 * remembered for the rest of the unit. Values are read lazily: a gate on {@code state._shared.x} reads one row,
 * not the room.
 */
class SqlView implements RoomView {
    private static final String ENTRY = "SELECT " + Rows.ENTRY_COLUMNS + " FROM sync_entries WHERE room_id = ? AND scope = ? AND entry_key = ?";
    private static final String SCOPE = "SELECT " + Rows.ENTRY_COLUMNS + " FROM sync_entries WHERE room_id = ? AND scope = ?";
    private static final String SCOPES = "SELECT DISTINCT scope FROM sync_entries WHERE room_id = ?";
    private static final String AGENTS = "SELECT " + Rows.AGENT_COLUMNS + " FROM sync_agents WHERE room_id = ? ORDER BY seq";
    private static final String MESSAGES = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM sync_messages WHERE room_id = ?";
    private static final String COUNTS = "SELECT kind, state, COUNT(*) FROM sync_messages WHERE room_id = ? GROUP BY kind, state";

    final Connection c;
    RoomRecord room;
    /** Single entries read so far, present or known absent, by scope and key. */
    final Map<String, Map<String, Optional<Entry>>> entries = new HashMap<>();
    /** Scopes read whole, by scope. */
    final Map<String, Map<String, Entry>> fullScopes = new HashMap<>();
    @Nullable Set<String> scopes;
    @Nullable LinkedHashMap<String, AgentRecord> agents;

    SqlView(Connection c, RoomRecord room) {
        this.c = c;
        this.room = room;
    }

    @Override
    public RoomRecord room() {
        return room;
    }

    @Override
    public Optional<Entry> entry(String scope, String key) {
        Map<String, Entry> full = fullScopes.get(scope);
        if (full != null) {
            return Optional.ofNullable(full.get(key));
        }
        return entries.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(key, k -> Sql.call("read an entry", () -> {
            try (PreparedStatement p = c.prepareStatement(ENTRY)) {
                p.setString(1, room.id());
                p.setString(2, scope);
                p.setString(3, key);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.entry(rs)) : Optional.<Entry>empty();
                }
            }
        }));
    }

    @Override
    public Set<String> scopes() {
        if (scopes == null) {
            scopes = Sql.call("list scopes", () -> {
                Set<String> out = new LinkedHashSet<>();
                try (PreparedStatement p = c.prepareStatement(SCOPES)) {
                    p.setString(1, room.id());
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                }
                return out;
            });
        }
        return Collections.unmodifiableSet(scopes);
    }

    /** The whole scope, read once per unit and kept current by the unit's own writes. */
    Map<String, Entry> loadScope(String scope) {
        return fullScopes.computeIfAbsent(scope, s -> Sql.call("read a scope", () -> {
            Map<String, Entry> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement(SCOPE)) {
                p.setString(1, room.id());
                p.setString(2, scope);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Entry e = Rows.entry(rs);
                        out.put(e.key(), e);
                    }
                }
            }
            return out;
        }));
    }

    @Override
    public Map<String, Entry> scope(String scope) {
        return new LazyScope(this, scope);
    }

    /** The agents in join order, read once per unit and kept current by the unit's own writes. */
    LinkedHashMap<String, AgentRecord> agentMap() {
        if (agents == null) {
            agents = Sql.call("read agents", () -> {
                LinkedHashMap<String, AgentRecord> out = new LinkedHashMap<>();
                try (PreparedStatement p = c.prepareStatement(AGENTS)) {
                    p.setString(1, room.id());
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            AgentRecord a = Rows.agent(rs);
                            out.put(a.id(), a);
                        }
                    }
                }
                return out;
            });
        }
        return agents;
    }

    @Override
    public Collection<AgentRecord> agents() {
        return Collections.unmodifiableCollection(agentMap().values());
    }

    @Override
    public Optional<AgentRecord> agent(String id) {
        return Optional.ofNullable(agentMap().get(id));
    }

    @Override
    public Optional<AgentRecord> agentByTokenHash(String tokenHash) {
        for (AgentRecord a : agentMap().values()) {
            if (a.tokenHash().equals(tokenHash)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Message> message(long id) {
        return Sql.call("read a message", () -> {
            try (PreparedStatement p = c.prepareStatement(MESSAGES + " AND id = ?")) {
                p.setString(1, room.id());
                p.setLong(2, id);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.message(rs)) : Optional.<Message>empty();
                }
            }
        });
    }

    @Override
    public List<Message> messages(MessageQuery q, int limit) {
        StringBuilder sql = new StringBuilder(MESSAGES);
        List<Object> args = new ArrayList<>();
        args.add(room.id());
        if (q.after() != null) {
            sql.append(" AND id > ?");
            args.add(q.after());
        }
        if (q.kind() != null) {
            sql.append(" AND kind = ?");
            args.add(q.kind());
        }
        if (q.thread() != null) {
            sql.append(" AND (id = ? OR reply_to = ?)");
            args.add(q.thread());
            args.add(q.thread());
        }
        if (q.unclaimed()) {
            sql.append(" AND state = ?");
            args.add(MessageState.UNCLAIMED.name());
        }
        if (q.dead() != null) {
            sql.append(" AND dead = ?");
            args.add(q.dead());
        }
        if (q.from() != null) {
            sql.append(" AND from_agent = ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            sql.append(" AND to_agent = ?");
            args.add(q.to());
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return Sql.call("list messages", () -> {
            List<Message> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(Rows.message(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public MessageCounts messageCounts() {
        return Sql.call("count messages", () -> {
            MessageCounts.Tally t = MessageCounts.tally();
            try (PreparedStatement p = c.prepareStatement(COUNTS)) {
                p.setString(1, room.id());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        t.add(rs.getString(1), MessageState.valueOf(rs.getString(2)), rs.getLong(3));
                    }
                }
            }
            return t.build();
        });
    }

    @Override
    public List<Message> heldMessages() {
        return Sql.call("list held messages", () -> {
            List<Message> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(MESSAGES + " AND state = ? ORDER BY id")) {
                p.setString(1, room.id());
                p.setString(2, MessageState.CLAIMED.name());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(Rows.message(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * One scope as a map that reads a single row per lookup and the whole scope only when iterated. (Inside a map,
     * {@code Entry} is {@code Map.Entry}: the store's entry is spelled out.)
     */
    private static final class LazyScope extends AbstractMap<String, dev.agentsync.core.Entry> {
        private final SqlView view;
        private final String scope;

        LazyScope(SqlView view, String scope) {
            this.view = view;
            this.scope = scope;
        }

        @Override
        public dev.agentsync.core.Entry get(Object key) {
            return key instanceof String ? view.entry(scope, (String) key).orElse(null) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Map.Entry<String, dev.agentsync.core.Entry>> entrySet() {
            return Collections.unmodifiableMap(view.loadScope(scope)).entrySet();
        }
    }
}
