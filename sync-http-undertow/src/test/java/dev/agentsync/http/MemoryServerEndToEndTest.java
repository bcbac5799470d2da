package dev.agentsync.http;

/** The end-to-end suite on the in-memory store. */
class MemoryServerEndToEndTest extends ServerEndToEndTest {
    @Override
    protected String store() {
        return "memory";
    }
}
