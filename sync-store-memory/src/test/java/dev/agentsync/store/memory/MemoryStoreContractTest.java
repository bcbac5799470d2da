package dev.agentsync.store.memory;

import dev.agentsync.core.StoreContract;
import dev.agentsync.core.spi.Store;

/** The in-memory store passes the whole store contract, unchanged. */
class MemoryStoreContractTest extends StoreContract {
    @Override
    protected Store newStore() {
        return new MemoryStore();
    }
}
