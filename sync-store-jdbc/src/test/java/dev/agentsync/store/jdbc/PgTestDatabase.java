package dev.agentsync.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** The PostgreSQL the tests use: {@code SYNC_TEST_PG_URL} (set by .ci/run), each store in a fresh schema. */
final class PgTestDatabase {
    static final String URL = System.getenv("SYNC_TEST_PG_URL");
    static final String SKIP = "SKIPPED: PostgreSQL tests need SYNC_TEST_PG_URL=jdbc:postgresql://host:port/db?user=..&password=.. (.ci/run sets it)";

    static {
        if (!available()) {
            System.out.println("[agent-sync] " + SKIP);
        }
    }

    private PgTestDatabase() {
    }

    static boolean available() {
        return URL != null && !URL.isBlank();
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), SKIP);
    }

    /** jqwik's way to skip a property container (a JUnit assumption would count as a rejected try). */
    public static final class SkipWithoutPostgres implements net.jqwik.api.lifecycle.SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(net.jqwik.api.lifecycle.LifecycleContext context) {
            return available() ? SkipResult.doNotSkip() : SkipResult.skip(SKIP);
        }
    }

    /** A new, empty schema. */
    static String freshSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a schema on " + URL, e);
        }
        return schema;
    }

    /** A store over {@code schema}. */
    static JdbcStore open(String schema) {
        return JdbcStore.postgres(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, null, null);
    }

    static JdbcStore fresh() {
        assumeAvailable();
        return open(freshSchema());
    }
}
