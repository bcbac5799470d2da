package dev.agentsync.store.jdbc;

import dev.agentsync.core.LeaseProperties;
import dev.agentsync.core.spi.Store;

/** The JDBC store on H2 keeps the lease invariants on random interleavings of workers and time. */
class H2LeasePropertiesTest extends LeaseProperties {
    @Override
    protected Store newStore() {
        return JdbcStore.h2InMemory();
    }
}
