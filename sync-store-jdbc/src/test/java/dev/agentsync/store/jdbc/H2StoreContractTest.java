package dev.agentsync.store.jdbc;

import dev.agentsync.core.StoreContract;
import dev.agentsync.core.spi.Store;

/** The JDBC store on H2 passes the whole store contract, unchanged. */
class H2StoreContractTest extends StoreContract {
    @Override
    protected Store newStore() {
        return JdbcStore.h2InMemory();
    }
}
