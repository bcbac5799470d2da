package dev.agentsync.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.Scopes;
import dev.agentsync.core.Sync;
import dev.agentsync.core.Write;
import java.net.URI;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ways to open the store: an application's own DataSource, and the server's --store forms. */
class OpeningTest {
    @Test
    void anApplicationsOwnDataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:app-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Sync sync = Sync.builder().store(JdbcStore.of(ds)).build()) {
            sync.createRoom("r");
            sync.write("r", Write.of("k", 7));
            assertEquals(7, sync.entry("r", Scopes.SHARED, "k").orElseThrow().value().intValue());
        }
    }

    @Test
    void unknownSpecificationsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JdbcStore.open("mysql://x/y"));
        assertTrue(e.getMessage().contains("mysql://x/y"), e.getMessage());
    }

    @Test
    @ExtendWith(PgTestDatabase.RequiresPostgres.class)
    void thePostgresqlUriForm() {
        String schema = PgTestDatabase.freshSchema();
        // the JDBC URL's parts, rewritten as postgresql://user:pass@host:port/db?currentSchema=...
        URI jdbc = URI.create(PgTestDatabase.URL.substring("jdbc:".length()));
        String user = null;
        String pass = null;
        for (String kv : jdbc.getQuery().split("&")) {
            if (kv.startsWith("user=")) {
                user = kv.substring(5);
            } else if (kv.startsWith("password=")) {
                pass = kv.substring(9);
            }
        }
        String spec = "postgresql://" + user + ":" + pass + "@" + jdbc.getHost() + ":" + jdbc.getPort() + jdbc.getPath() + "?currentSchema=" + schema;
        try (Sync sync = Sync.builder().store(JdbcStore.open(spec)).build()) {
            sync.createRoom("r");
            sync.write("r", Write.of("k", 1));
        }
        try (Sync again = Sync.builder().store(PgTestDatabase.open(schema)).build()) {
            assertEquals(1, again.entry("r", Scopes.SHARED, "k").orElseThrow().value().intValue(), "same database, same schema");
        }
    }
}
