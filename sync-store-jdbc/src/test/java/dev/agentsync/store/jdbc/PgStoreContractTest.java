package dev.agentsync.store.jdbc;

import dev.agentsync.core.StoreContract;
import dev.agentsync.core.spi.Store;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC store on a real PostgreSQL passes the whole store contract, unchanged. */
class PgStoreContractTest extends StoreContract {
    @BeforeAll
    static void needsPostgres() {
        PgTestDatabase.assumeAvailable();
    }

    @Override
    protected Store newStore() {
        return PgTestDatabase.fresh();
    }
}
