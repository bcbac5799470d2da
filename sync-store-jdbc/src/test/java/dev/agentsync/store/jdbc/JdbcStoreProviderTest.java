package dev.agentsync.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.Scopes;
import dev.agentsync.core.Sync;
import dev.agentsync.core.Write;
import dev.agentsync.core.spi.Store;
import dev.agentsync.core.spi.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store opened by URI through the core's StoreProvider lookup (ServiceLoader, by scheme). */
class JdbcStoreProviderTest {
    @TempDir
    Path dir;

    @Test
    void anH2UriOpensAWorkingDurableJdbcStore() {
        Path file = dir.resolve("data/db");
        Store store = StoreProvider.openUri("h2:" + file);
        assertInstanceOf(JdbcStore.class, store);
        try (Sync sync = Sync.builder().store(store).build()) {
            sync.createRoom("r");
            sync.write("r", Write.of("k", 7));
        }
        assertTrue(Files.exists(dir.resolve("data/db.mv.db")), "the H2 file named by the URI");
        try (Sync again = Sync.builder().store(StoreProvider.openUri("h2:" + file)).build()) {
            assertEquals(7, again.entry("r", Scopes.SHARED, "k").orElseThrow().value().intValue());
        }
    }

    @Test
    void aJdbcUriOpensAJdbcStore() {
        try (Sync sync = Sync.builder().store(StoreProvider.openUri("jdbc:h2:mem:p-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")).build()) {
            sync.createRoom("r");
            assertEquals(1, sync.write("r", Write.of("k", 1)).revision());
        }
    }

    @Test
    void anUnknownSchemeIsRefusedNamingTheKnownSchemes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreProvider.openUri("mysql://x/y"));
        for (String known : new String[] {"h2", "postgresql", "postgres", "jdbc"}) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
        assertTrue(e.getMessage().contains("mysql"), e.getMessage());
    }

    @Test
    void anUnknownJdbcDriverIsRefusedByTheStore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreProvider.openUri("jdbc:mysql://x/y"));
        assertTrue(e.getMessage().contains("jdbc:mysql://x/y"), e.getMessage());
    }

    @Test
    void theProviderIsRegisteredForItsSchemes() {
        assertTrue(ServiceLoader.load(StoreProvider.class).stream().anyMatch(p -> p.type() == JdbcStoreProvider.class),
                "listed in META-INF/services");
        assertEquals(Set.of("h2", "postgresql", "postgres", "jdbc"), new JdbcStoreProvider().schemes());
    }
}
