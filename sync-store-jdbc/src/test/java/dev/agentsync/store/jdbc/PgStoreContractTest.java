package dev.agentsync.store.jdbc;

import dev.agentsync.core.StoreContract;
import dev.agentsync.core.spi.Store;

/** The JDBC store on a real PostgreSQL passes the whole store contract, unchanged (each test skipped, saying why, without SYNC_TEST_PG_URL). */
class PgStoreContractTest extends StoreContract {
    @Override
    protected Store newStore() {
        return PgTestDatabase.fresh();
    }
}
