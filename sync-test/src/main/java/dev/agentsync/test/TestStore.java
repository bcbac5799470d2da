package dev.agentsync.test;

import dev.agentsync.core.spi.StoreProvider;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The stores a test can run on. Each is opened by URI through {@link StoreProvider#openUri}, so the kit names no
 * store class: the store modules come from the test class path of the project that uses the kit.
 *
 * <ul>
 *   <li>{@link #MEMORY}: {@code memory}, needs {@code dev.agentsync:sync-store-memory}.</li>
 *   <li>{@link #H2}: {@code h2:<file>} in a new temporary directory, deleted after the test; needs
 *       {@code dev.agentsync:sync-store-jdbc}.</li>
 *   <li>{@link #POSTGRESQL}: the JDBC URL in the environment variable {@value #PG_URL_ENV} (for example
 *       {@code jdbc:postgresql://127.0.0.1:5432/agentsync_test?user=agentsync&password=agentsync}), each test in a
 *       new, empty schema (the URL gets {@code currentSchema=<schema>}) that is dropped after it; needs
 *       {@code dev.agentsync:sync-store-jdbc} and the PostgreSQL driver. The user must be allowed to create
 *       schemas in that database.</li>
 * </ul>
 */
public enum TestStore {
    /** The in-memory store. */
    MEMORY("memory"),
    /** The embedded H2 file store, in a temporary directory. */
    H2("h2"),
    /** PostgreSQL at {@value #PG_URL_ENV}, in a fresh schema. */
    POSTGRESQL("jdbc");

    /** The environment variable holding the PostgreSQL JDBC URL; PostgreSQL tests are skipped without it. */
    public static final String PG_URL_ENV = "SYNC_TEST_PG_URL";

    private final String scheme;

    TestStore(String scheme) {
        this.scheme = scheme;
    }

    /** The name tests are shown with: {@code memory}, {@code h2}, {@code postgresql}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Why this store cannot run here (no provider on the class path, no URL configured), or empty when it can. */
    public Optional<String> unavailable() {
        if (this == POSTGRESQL) {
            String url = pgUrl();
            if (url == null) {
                return Optional.of("postgresql: skipped, " + PG_URL_ENV + " is not set (a JDBC URL such as "
                        + "jdbc:postgresql://127.0.0.1:5432/agentsync_test?user=agentsync&password=agentsync)");
            }
        }
        Set<String> known = Schemes.KNOWN;
        if (!known.contains(scheme)) {
            return Optional.of(displayName() + ": skipped, no StoreProvider on the test class path opens '" + scheme
                    + ":' URIs (its provider comes with dev.agentsync:" + (this == MEMORY ? "sync-store-memory" : "sync-store-jdbc")
                    + "); schemes found: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        return Optional.empty();
    }

    /** The configured PostgreSQL URL, or {@code null}. */
    static @Nullable String pgUrl() {
        String url = System.getenv(PG_URL_ENV);
        return url == null || url.isBlank() ? null : url.trim();
    }

    /** The URI schemes of the providers on the class path, found once. */
    private static final class Schemes {
        static final Set<String> KNOWN = scan();

        private static Set<String> scan() {
            Set<String> out = new TreeSet<>();
            ServiceLoader.load(StoreProvider.class, StoreProvider.class.getClassLoader()).forEach(p -> out.addAll(p.schemes()));
            return out;
        }
    }
}
