package dev.agentsync.store.jdbc;

import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomRecord;
import dev.agentsync.core.spi.RoomTx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A unit of work: each change is executed at once in the unit's transaction and remembered, so the unit's later
 * reads see it without a query. The {@link UnitRunner} commits (or rolls back) and advances the room's revision.
 */
final class SqlTx extends SqlView implements RoomTx {
    private boolean changed;
    private boolean movesRevision;

    SqlTx(Connection c, RoomRecord room) {
        super(c, room);
    }

    @Override
    public boolean changed() {
        return changed;
    }

    @Override
    public boolean movesRevision() {
        return movesRevision;
    }

    private void remember(String scope, String key, @Nullable Entry e) {
        entries.computeIfAbsent(scope, s -> new HashMap<>()).put(key, Optional.ofNullable(e));
        Map<String, Entry> full = fullScopes.get(scope);
        if (full != null) {
            if (e == null) {
                full.remove(key);
            } else {
                full.put(key, e);
            }
        }
        if (e != null && scopes != null) {
            scopes.add(scope);
        } else if (e == null) {
            scopes = null;
        }
    }

    @Override
    public void putEntry(Entry e) {
        boolean exists = entry(e.scope(), e.key()).isPresent(); // the core has read it already: no query
        Sql.call("write an entry", () -> {
            try (PreparedStatement p = c.prepareStatement(exists ? Rows.ENTRY_UPDATE : Rows.ENTRY_INSERT)) {
                Rows.bindEntry(p, room.id(), e);
                p.executeUpdate();
            }
            return null;
        });
        changed = true;
        movesRevision = true;
        remember(e.scope(), e.key(), e);
    }

    @Override
    public void removeEntry(String scope, String key) {
        int n = Sql.call("delete an entry", () -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sync_entries WHERE room_id = ? AND scope = ? AND entry_key = ?")) {
                p.setString(1, room.id());
                p.setString(2, scope);
                p.setString(3, key);
                return p.executeUpdate();
            }
        });
        if (n > 0) {
            changed = true;
            movesRevision = true;
            remember(scope, key, null);
        }
    }

    @Override
    public void putAgent(AgentRecord a) {
        boolean exists = agentMap().containsKey(a.id());
        Sql.call("write an agent", () -> {
            try (PreparedStatement p = c.prepareStatement(exists ? Rows.AGENT_UPDATE : Rows.AGENT_INSERT)) {
                Rows.bindAgent(p, room.id(), a);
                if (!exists) {
                    p.setLong(12, nextSeq()); // join order
                }
                p.executeUpdate();
            }
            return null;
        });
        changed = true;
        agentMap().put(a.id(), a);
    }

    private long nextSeq() {
        return Sql.call("order an agent", () -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_agents WHERE room_id = ?")) {
                p.setString(1, room.id());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void removeAgent(String id) {
        if (!agentMap().containsKey(id)) {
            return;
        }
        Sql.call("remove an agent", () -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sync_agents WHERE room_id = ? AND id = ?")) {
                p.setString(1, room.id());
                p.setString(2, id);
                return p.executeUpdate();
            }
        });
        changed = true;
        agentMap().remove(id);
    }

    @Override
    public void putMessage(Message m) {
        boolean isNew = room.isNewMessage(m.id());
        writeMessage(m, isNew);
        movesRevision = true;
        if (isNew) {
            room = room.withLastMessageId(m.id());
        }
    }

    @Override
    public void renewMessage(Message m) {
        if (room.isNewMessage(m.id())) {
            throw new IllegalArgumentException("message " + m.id() + " does not exist; only an existing one is renewed");
        }
        writeMessage(m, false);
    }

    private void writeMessage(Message m, boolean isNew) {
        Sql.call("write a message", () -> {
            try (PreparedStatement p = c.prepareStatement(isNew ? Rows.MESSAGE_INSERT : Rows.MESSAGE_UPDATE)) {
                Rows.bindMessage(p, room.id(), m);
                p.executeUpdate();
            }
            return null;
        });
        changed = true;
    }
}
