package dev.agentsync.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The PostgreSQL the tests use: {@code SYNC_TEST_PG_URL} (set by .ci/run), each store in a fresh schema. Without it
 * the PostgreSQL tests are reported as skipped (never as passed), and each test class that skips says why, once.
 */
final class PgTestDatabase {
    static final String URL = System.getenv("SYNC_TEST_PG_URL");
    static final String SKIP = "PostgreSQL tests need SYNC_TEST_PG_URL=jdbc:postgresql://host:port/db?user=..&password=.. (.ci/run sets it)";
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private PgTestDatabase() {
    }

    static boolean available() {
        return URL != null && !URL.isBlank();
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), SKIP);
    }

    /** Prints, once per test class, that its PostgreSQL tests are skipped and why (the build log shows counts, not reasons). */
    private static void announceSkip(String testClass) {
        if (ANNOUNCED.add(testClass)) {
            System.out.println("[agent-sync] " + testClass + ": SKIPPED, " + SKIP);
        }
    }

    /**
     * Skips, without SYNC_TEST_PG_URL, each test of the class (nested classes included) or the test it annotates.
     * Tests, not the class, are disabled, so the build counts every one of them as skipped.
     */
    static final class RequiresPostgres implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (available()) {
                return ConditionEvaluationResult.enabled("SYNC_TEST_PG_URL is set");
            }
            if (context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("decided for each test");
            }
            announceSkip(topLevelClass(context).getSimpleName());
            return ConditionEvaluationResult.disabled(SKIP);
        }

        /** The class the build runs (a contract's nested classes belong to the subclass that runs them). */
        private static Class<?> topLevelClass(ExtensionContext context) {
            ExtensionContext top = context;
            while (top.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
                top = top.getParent().orElseThrow();
            }
            return top.getRequiredTestClass();
        }
    }

    /** jqwik's way to skip a property container (a JUnit assumption would count as a rejected try). */
    public static final class SkipWithoutPostgres implements net.jqwik.api.lifecycle.SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(net.jqwik.api.lifecycle.LifecycleContext context) {
            if (available()) {
                return SkipResult.doNotSkip();
            }
            announceSkip(context.optionalContainerClass().map(Class::getSimpleName).orElse(context.label()));
            return SkipResult.skip(SKIP);
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
