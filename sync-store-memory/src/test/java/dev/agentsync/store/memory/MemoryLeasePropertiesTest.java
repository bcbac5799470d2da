package dev.agentsync.store.memory;

import dev.agentsync.core.LeaseProperties;
import dev.agentsync.core.spi.Store;

/** The in-memory store keeps the lease invariants on random interleavings of workers and time. */
class MemoryLeasePropertiesTest extends LeaseProperties {
    @Override
    protected Store newStore() {
        return new MemoryStore();
    }
}
