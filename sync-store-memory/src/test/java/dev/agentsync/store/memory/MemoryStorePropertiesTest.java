package dev.agentsync.store.memory;

import dev.agentsync.core.StoreProperties;
import dev.agentsync.core.spi.Store;

/** The in-memory store agrees with the reference model on random operation sequences. */
class MemoryStorePropertiesTest extends StoreProperties {
    @Override
    protected Store newStore() {
        return new MemoryStore();
    }
}
