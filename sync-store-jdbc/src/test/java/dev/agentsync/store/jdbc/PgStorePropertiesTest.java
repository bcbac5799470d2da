package dev.agentsync.store.jdbc;

import dev.agentsync.core.StoreProperties;
import dev.agentsync.core.spi.Store;

/** The JDBC store on PostgreSQL agrees with the reference model (skipped, saying so, without SYNC_TEST_PG_URL). */
@net.jqwik.api.lifecycle.AddLifecycleHook(PgTestDatabase.SkipWithoutPostgres.class)
class PgStorePropertiesTest extends StoreProperties {
    @Override
    protected Store newStore() {
        return PgTestDatabase.fresh();
    }
}
