package dev.agentsync.store.memory;

import dev.agentsync.core.spi.Store;
import dev.agentsync.core.spi.StoreProvider;
import java.util.Set;

/** Opens a {@link MemoryStore} for the URI {@code memory} (or {@code memory:}, anything after the colon ignored). */
public final class MemoryStoreProvider implements StoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public Store open(String uri) {
        return new MemoryStore();
    }
}
