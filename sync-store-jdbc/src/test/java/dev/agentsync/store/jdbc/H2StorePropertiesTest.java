package dev.agentsync.store.jdbc;

import dev.agentsync.core.StoreProperties;
import dev.agentsync.core.spi.Store;

/** The JDBC store on H2 agrees with the reference model on random operation sequences. */
class H2StorePropertiesTest extends StoreProperties {
    @Override
    protected Store newStore() {
        return JdbcStore.h2InMemory();
    }
}
