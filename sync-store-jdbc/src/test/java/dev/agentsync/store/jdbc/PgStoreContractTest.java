package dev.agentsync.store.jdbc;

import dev.agentsync.core.StoreContract;
import dev.agentsync.core.spi.Store;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JDBC store on a real PostgreSQL passes the whole store contract, unchanged (skipped, saying why, without SYNC_TEST_PG_URL). */
@ExtendWith(PgTestDatabase.RequiresPostgres.class)
class PgStoreContractTest extends StoreContract {
    @Override
    protected Store newStore() {
        return PgTestDatabase.fresh();
    }
}
