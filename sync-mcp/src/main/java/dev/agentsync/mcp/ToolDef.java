package dev.agentsync.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One MCP tool and the request of the wire contract it stands for. A call becomes that request and goes through
 * the same protocol layer as an HTTP request, so validation, errors and identity are the HTTP API's.
 *
 * @param name        the tool name
 * @param title       a short human title
 * @param description for a language model: what it does, when to use it, an example
 * @param method      the HTTP method of the request it stands for
 * @param path        the path, with {@code {room}}, {@code {agent}} or {@code {message_id}} taken from arguments
 * @param input       the arguments
 * @param rename      argument name → field name in the request, where they differ
 * @param agentField  the argument that names the acting agent, defaulted to the agent this session joined the
 *                    room as; {@code null} when the tool has none
 * @param listKey     for a request answered with a JSON array: the key it is returned under in structured content
 * @param output      the properties of the structured result, for its output schema
 * @param readOnly    the tool changes nothing in the room
 */
record ToolDef(String name, String title, String description, String method, String path, List<Schema.Prop> input,
               Map<String, String> rename, @Nullable String agentField, @Nullable String listKey, Map<String, Object> output,
               boolean readOnly) {
    /** Arguments that are filled into the path rather than the query or body. */
    Set<String> pathArgs() {
        java.util.Set<String> out = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([a-z_]+)}").matcher(path);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
