package dev.agentsync.store.jdbc;

import dev.agentsync.core.spi.RoomRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The statements on {@code sync_rooms}, each run on the caller's connection, in the caller's transaction. */
final class RoomTable {
    private static final String SELECT = "SELECT " + Rows.ROOM_COLUMNS + " FROM sync_rooms WHERE id = ?";
    private static final String WITH_TOKEN = "SELECT r.id, r.created_at, r.meta, r.revision, r.last_message_id, r.settings FROM sync_rooms r"
            + " JOIN sync_agents a ON a.room_id = r.id WHERE a.token_hash = ? ORDER BY r.id";
    private static final String ADVANCE = "UPDATE sync_rooms SET revision = ?, last_message_id = ? WHERE id = ?";

    private RoomTable() {
    }

    /**
     * Inserts a room; false, with the transaction rolled back, when one with that id exists. On success the caller
     * commits.
     */
    static boolean insert(Connection c, RoomRecord room) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(Rows.ROOM_INSERT)) {
            Rows.bindRoom(p, room);
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            c.rollback();
            if (Sql.isConstraintViolation(e)) {
                return false; // the room exists
            }
            throw e;
        }
    }

    /**
     * One room. With {@code forUpdate} the row stays locked until the transaction ends: this is how writers of every
     * process serialize on a room, and how a unit of work learns that its room does not exist.
     */
    static Optional<RoomRecord> select(Connection c, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(forUpdate ? SELECT + " FOR UPDATE" : SELECT)) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(Rows.room(rs)) : Optional.empty();
            }
        }
    }

    /** The rooms with an agent whose current token hashes to {@code tokenHash}, by id. */
    static List<RoomRecord> withToken(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(WITH_TOKEN)) {
            p.setString(1, tokenHash);
            List<RoomRecord> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(Rows.room(rs));
                }
            }
            return out;
        }
    }

    /** Records a commit: the room's new revision and last message id. */
    static void advance(Connection c, RoomRecord room) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(ADVANCE)) {
            p.setLong(1, room.revision());
            p.setLong(2, room.lastMessageId());
            p.setString(3, room.id());
            p.executeUpdate();
        }
    }
}
