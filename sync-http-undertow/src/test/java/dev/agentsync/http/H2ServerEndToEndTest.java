package dev.agentsync.http;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end suite on the embedded H2 file store, the server's default. */
class H2ServerEndToEndTest extends ServerEndToEndTest {
    @TempDir
    Path dir;

    @Override
    protected String store() {
        return "h2:" + dir.resolve("db-" + UUID.randomUUID());
    }
}
