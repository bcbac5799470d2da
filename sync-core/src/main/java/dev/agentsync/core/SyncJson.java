package dev.agentsync.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The one Jackson configuration of agent-sync. The core, the wire codec, the stores and the clients all read and
 * write JSON with {@link #MAPPER}, so a number or a string is parsed the same way everywhere. An {@link ObjectMapper}
 * is thread-safe once configured; never reconfigure this one.
 */
public final class SyncJson {
    /** The shared mapper: Jackson's defaults, which the contract's JSON shapes rely on. */
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();
    /** The node factory for building JSON trees. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SyncJson() {
    }
}
