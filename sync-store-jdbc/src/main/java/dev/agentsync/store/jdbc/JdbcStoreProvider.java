package dev.agentsync.store.jdbc;

import dev.agentsync.core.spi.Store;
import dev.agentsync.core.spi.StoreProvider;
import java.util.Set;

/**
 * Opens {@link JdbcStore}s by URI for {@link StoreProvider#openUri}: {@code h2:<file>},
 * {@code postgresql://user:pass@host:port/db} (or {@code postgres://}), {@code jdbc:h2:...} and
 * {@code jdbc:postgresql:...}, exactly as {@link JdbcStore#open(String)} does.
 */
public final class JdbcStoreProvider implements StoreProvider {
    private static final Set<String> SCHEMES = Set.of("h2", "postgresql", "postgres", "jdbc");

    /** For {@link java.util.ServiceLoader}. */
    public JdbcStoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public Store open(String uri) {
        return JdbcStore.open(uri);
    }
}
