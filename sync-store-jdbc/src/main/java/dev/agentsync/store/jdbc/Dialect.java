package dev.agentsync.store.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The databases this store speaks, and everything that differs between them. The schema and every query of a
 * unit of work are portable (standard SQL that H2 and PostgreSQL both run); what is left is how a commit is
 * announced to other processes, which only PostgreSQL can do ({@code NOTIFY}/{@code LISTEN}).
 */
enum Dialect {
    /** Embedded H2: one process, nothing to announce. */
    H2 {
        @Override
        @Nullable String notifySql() {
            return null;
        }

        @Override
        @Nullable String listenSql(String channel) {
            return null;
        }
    },
    /** PostgreSQL: commits are announced on a channel that every process sharing the database listens on. */
    POSTGRESQL {
        @Override
        String notifySql() {
            return "SELECT pg_notify(?, ?)";
        }

        @Override
        String listenSql(String channel) {
            return "LISTEN " + channel;
        }
    };

    /** The dialect of a connected database, by its product name: PostgreSQL, else H2. */
    static Dialect of(DatabaseMetaData md) throws SQLException {
        return md.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres") ? POSTGRESQL : H2;
    }

    /** Whether a JDBC URL names a PostgreSQL database (whose commits another connection can listen for). */
    static boolean isPostgresUrl(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /**
     * The statement, run inside the committing transaction, that announces a commit: parameters 1 channel and
     * 2 payload, delivered to listeners when the transaction commits. {@code null} when the database cannot.
     */
    abstract @Nullable String notifySql();

    /** The statement that subscribes a connection to {@code channel}; {@code null} when the database cannot. */
    abstract @Nullable String listenSql(String channel);

    /** Whether commits can be announced to other processes. */
    final boolean notifies() {
        return notifySql() != null;
    }
}
