package dev.agentsync.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The store's tables: brought to the current version by Flyway when a store opens. The migrations are the
 * portable SQL scripts in {@code classpath:db/agentsync}; their history lives in {@code sync_schema_history}, so
 * the store can share a database (or a schema) with an application's own Flyway history.
 */
final class Schema {
    static final String LOCATION = "classpath:db/agentsync";
    static final String HISTORY_TABLE = "sync_schema_history";

    private Schema() {
    }

    /**
     * Connects once to learn which database this is, then migrates it.
     *
     * @throws dev.agentsync.core.SyncException {@code unavailable} when the database cannot be reached
     */
    static Dialect open(DataSource ds) {
        Dialect dialect;
        try (Connection c = ds.getConnection()) {
            dialect = Dialect.of(c.getMetaData());
        } catch (SQLException e) {
            throw Sql.failure("connect to the database", e);
        }
        migrate(ds);
        return dialect;
    }

    /** Applies the migrations not applied yet (none on an up-to-date database). */
    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations(LOCATION).table(HISTORY_TABLE)
                .baselineOnMigrate(false).load().migrate();
    }
}
