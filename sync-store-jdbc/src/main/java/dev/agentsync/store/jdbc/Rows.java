package dev.agentsync.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.AgentStatus;
import dev.agentsync.core.Entry;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.Message;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.SyncJson;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Rows to records and back. Each table has a column list to select (the order {@code room(rs)}, {@code entry(rs)}...
 * read) and its write statements (the parameter order {@code bind...} fills). Times are epoch milliseconds; JSON
 * values are text, written and parsed with the shared {@link SyncJson#MAPPER}.
 */
final class Rows {
    private Rows() {
    }

    // ---------------------------------------------------------------- sync_rooms

    static final String ROOM_COLUMNS = "id, created_at, meta, revision, last_message_id, settings";
    static final String ROOM_INSERT = "INSERT INTO sync_rooms (" + ROOM_COLUMNS + ") VALUES (?,?,?,?,?,?)";

    static RoomRecord room(ResultSet rs) throws SQLException {
        return new RoomRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), (ObjectNode) parse(rs.getString(3)), rs.getLong(4),
                rs.getLong(5), settings(rs.getString(6)));
    }

    /** Settings as column text: every field written, so a later default change cannot alter an existing room. */
    static String settings(RoomSettings s) {
        ObjectNode o = SyncJson.NODES.objectNode();
        if (s.claimLeaseMs() != null) {
            o.put("claim_lease_ms", s.claimLeaseMs());
        }
        if (s.maxDeliveries() != null) {
            o.put("max_deliveries", s.maxDeliveries());
        }
        o.put("presence_ttl_ms", s.presenceTtlMs());
        o.put("release_claims_on_offline", s.releaseClaimsOnOffline());
        o.put("event_retention", s.eventRetention());
        return json(o);
    }

    /** Column text as settings; NULL (a room from before settings existed) is every default. */
    static RoomSettings settings(@Nullable String text) {
        RoomSettings d = RoomSettings.defaults();
        if (text == null) {
            return d;
        }
        JsonNode o = parse(text);
        return new RoomSettings(o.hasNonNull("claim_lease_ms") ? o.get("claim_lease_ms").longValue() : null,
                o.hasNonNull("max_deliveries") ? o.get("max_deliveries").intValue() : null,
                o.path("presence_ttl_ms").asLong(d.presenceTtlMs()),
                o.path("release_claims_on_offline").asBoolean(d.releaseClaimsOnOffline()),
                o.path("event_retention").asInt(d.eventRetention()));
    }

    static void bindRoom(PreparedStatement p, RoomRecord room) throws SQLException {
        p.setString(1, room.id());
        p.setLong(2, room.createdAt().toEpochMilli());
        p.setString(3, json(room.meta()));
        p.setLong(4, room.revision());
        p.setLong(5, room.lastMessageId());
        p.setString(6, settings(room.settings()));
    }

    // ---------------------------------------------------------------- sync_entries

    static final String ENTRY_COLUMNS = "scope, entry_key, entry_value, expr, version, updated_at";
    static final String ENTRY_UPDATE = "UPDATE sync_entries SET entry_value = ?, expr = ?, version = ?, updated_at = ?"
            + " WHERE room_id = ? AND scope = ? AND entry_key = ?";
    static final String ENTRY_INSERT = "INSERT INTO sync_entries (entry_value, expr, version, updated_at, room_id, scope, entry_key)"
            + " VALUES (?,?,?,?,?,?,?)";

    static Entry entry(ResultSet rs) throws SQLException {
        String expr = rs.getString(4);
        return new Entry(rs.getString(1), rs.getString(2), parse(rs.getString(3)), expr, rs.getLong(5),
                Instant.ofEpochMilli(rs.getLong(6)), null);
    }

    /** Fills {@link #ENTRY_UPDATE} or {@link #ENTRY_INSERT}. */
    static void bindEntry(PreparedStatement p, String roomId, Entry e) throws SQLException {
        p.setString(1, json(e.value()));
        p.setString(2, e.expr());
        p.setLong(3, e.version());
        p.setLong(4, e.updatedAt().toEpochMilli());
        p.setString(5, roomId);
        p.setString(6, e.scope());
        p.setString(7, e.key());
    }

    // ---------------------------------------------------------------- sync_agents

    static final String AGENT_COLUMNS = "id, name, role, meta, status, waiting_on, status_before_wait, joined_at, last_heartbeat, token_hash";
    static final String AGENT_UPDATE = "UPDATE sync_agents SET name = ?, role = ?, meta = ?, status = ?, waiting_on = ?, status_before_wait = ?,"
            + " joined_at = ?, last_heartbeat = ?, token_hash = ? WHERE room_id = ? AND id = ?";
    static final String AGENT_INSERT = "INSERT INTO sync_agents (name, role, meta, status, waiting_on, status_before_wait, joined_at,"
            + " last_heartbeat, token_hash, room_id, id, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";

    static AgentRecord agent(ResultSet rs) throws SQLException {
        String before = rs.getString(7);
        return new AgentRecord(rs.getString(1), rs.getString(2), rs.getString(3), (ObjectNode) parse(rs.getString(4)),
                AgentStatus.valueOf(rs.getString(5)), rs.getString(6), before == null ? null : AgentStatus.valueOf(before),
                Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10).trim());
    }

    /** Fills {@link #AGENT_UPDATE}, or {@link #AGENT_INSERT} but for its last parameter, the join order {@code seq}. */
    static void bindAgent(PreparedStatement p, String roomId, AgentRecord a) throws SQLException {
        p.setString(1, a.name());
        p.setString(2, a.role());
        p.setString(3, json(a.meta()));
        p.setString(4, a.status().name());
        p.setString(5, a.waitingOn());
        if (a.statusBeforeWait() == null) {
            p.setNull(6, Types.VARCHAR);
        } else {
            p.setString(6, a.statusBeforeWait().name());
        }
        p.setLong(7, a.joinedAt().toEpochMilli());
        p.setLong(8, a.lastHeartbeat().toEpochMilli());
        p.setString(9, a.tokenHash());
        p.setString(10, roomId);
        p.setString(11, a.id());
    }

    // ---------------------------------------------------------------- sync_messages

    static final String MESSAGE_COLUMNS = "id, from_agent, to_agent, kind, body, room_id, reply_to, claimed_by, claimed_at, created_at,"
            + " lease_expires_at, fence, delivery_count, completed_at, dead, lease_ms";
    private static final String MESSAGE_FIELDS = "from_agent, to_agent, kind, body, reply_to, claimed_by, claimed_at, created_at,"
            + " lease_expires_at, fence, delivery_count, completed_at, dead, lease_ms, state";
    static final String MESSAGE_INSERT = "INSERT INTO sync_messages (" + MESSAGE_FIELDS + ", room_id, id)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static final String MESSAGE_UPDATE = "UPDATE sync_messages SET " + MESSAGE_FIELDS.replace(",", " = ?,") + " = ?"
            + " WHERE room_id = ? AND id = ?";

    static Message message(ResultSet rs) throws SQLException {
        return new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), parse(rs.getString(5)),
                nullableLong(rs, 7), rs.getString(8), time(rs, 9), Instant.ofEpochMilli(rs.getLong(10)), time(rs, 11), rs.getLong(12),
                rs.getInt(13), time(rs, 14), rs.getBoolean(15), nullableLong(rs, 16));
    }

    /** Fills {@link #MESSAGE_INSERT} or {@link #MESSAGE_UPDATE}. */
    static void bindMessage(PreparedStatement p, String roomId, Message m) throws SQLException {
        p.setString(1, m.from());
        p.setString(2, m.to());
        p.setString(3, m.kind());
        p.setString(4, json(m.body()));
        setLong(p, 5, m.replyTo());
        p.setString(6, m.claimedBy());
        setTime(p, 7, m.claimedAt());
        p.setLong(8, m.createdAt().toEpochMilli());
        setTime(p, 9, m.leaseExpiresAt());
        p.setLong(10, m.fence());
        p.setInt(11, m.deliveryCount());
        setTime(p, 12, m.completedAt());
        p.setBoolean(13, m.dead());
        setLong(p, 14, m.leaseMs());
        p.setString(15, m.state().name());
        p.setString(16, roomId);
        p.setLong(17, m.id());
    }

    private static @Nullable Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static @Nullable Instant time(ResultSet rs, int col) throws SQLException {
        Long v = nullableLong(rs, col);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    private static void setLong(PreparedStatement p, int i, @Nullable Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, v);
        }
    }

    private static void setTime(PreparedStatement p, int i, @Nullable Instant t) throws SQLException {
        setLong(p, i, t == null ? null : t.toEpochMilli());
    }

    // ---------------------------------------------------------------- JSON columns

    /** A JSON tree as column text. */
    static String json(JsonNode n) {
        try {
            return SyncJson.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Column text as a JSON tree; {@code unavailable} when the database holds something else. */
    static JsonNode parse(String s) {
        try {
            return SyncJson.MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new SyncException(ErrorCode.UNAVAILABLE, "The database holds a value that is not JSON: " + e.getOriginalMessage());
        }
    }
}
