package dev.agentsync.store.jdbc;

import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.SyncException;
import java.sql.Connection;
import java.sql.SQLException;

/** How the store turns JDBC failures into the core's errors. */
final class Sql {
    private Sql() {
    }

    /** A JDBC call that may throw. */
    @FunctionalInterface
    interface Call<R> {
        R run() throws SQLException;
    }

    /** Work on a connection that may throw. */
    @FunctionalInterface
    interface Work<R> {
        R run(Connection c) throws SQLException;
    }

    /** The error for a database that failed to do {@code what}: {@code unavailable}, so a caller may retry. */
    static SyncException failure(String what, SQLException e) {
        return new SyncException(ErrorCode.UNAVAILABLE, "The database failed to " + what + ": " + e.getMessage());
    }

    /** Runs {@code call}, reporting a JDBC failure as {@link #failure}. */
    static <R> R call(String what, Call<R> call) {
        try {
            return call.run();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** True for an integrity constraint violation (SQLSTATE class 23), such as a duplicate key. */
    static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /** Rolls back, ignoring a broken connection (the pool discards it). */
    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}
