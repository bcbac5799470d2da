package dev.agentsync.store.jdbc;

import dev.agentsync.core.LeaseProperties;
import dev.agentsync.core.spi.Store;

/** The JDBC store on PostgreSQL keeps the lease invariants (skipped, saying so, without SYNC_TEST_PG_URL). */
@net.jqwik.api.lifecycle.AddLifecycleHook(PgTestDatabase.SkipWithoutPostgres.class)
class PgLeasePropertiesTest extends LeaseProperties {
    @Override
    protected Store newStore() {
        return PgTestDatabase.fresh();
    }
}
