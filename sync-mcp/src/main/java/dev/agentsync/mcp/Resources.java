package dev.agentsync.mcp;

import dev.agentsync.core.Sync;
import dev.agentsync.core.WaitRequest;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * A room's state, messages and agents as MCP resources ({@code sync://rooms/{room}/state}, ...), readable through
 * the same tools' rules and subscribable: once a room's resource has been read, one parked wait per room (no
 * thread) follows its revision and every change sends {@code notifications/resources/updated} to the sessions
 * the SDK has subscribed to that URI.
 */
final class Resources {
    private static final Pattern URI = Pattern.compile("sync://rooms/([^/]+)/(state|messages|agents)");
    private static final Map<String, String> TOOL_OF = Map.of("state", "read_state", "messages", "list_messages", "agents", "list_agents");

    private final Sync sync;
    private final ToolCalls calls;
    private final AtomicReference<McpAsyncServer> server = new AtomicReference<>();
    private final Set<String> followed = ConcurrentHashMap.newKeySet();

    Resources(Sync sync, ToolCalls calls) {
        this.sync = sync;
        this.calls = calls;
    }

    /** The server to notify, once built. */
    void notifying(McpAsyncServer s) {
        server.set(s);
    }

    List<AsyncResourceTemplateSpecification> templates() {
        return List.of(template("state", "The room's shared state: every entry with its version; views resolved."),
                template("messages", "The room's messages in id order, with claims, leases and completion."),
                template("agents", "The room's agents with status, online flag and last heartbeat."));
    }

    private AsyncResourceTemplateSpecification template(String what, String description) {
        McpSchema.ResourceTemplate t = new McpSchema.ResourceTemplate("sync://rooms/{room}/" + what, "room " + what,
                "Room " + what, description, "application/json", null, null);
        return new AsyncResourceTemplateSpecification(t, (exchange, req) -> {
            Matcher m = URI.matcher(req.uri());
            if (!m.matches()) {
                return Mono.error(McpError.RESOURCE_NOT_FOUND.apply(req.uri()));
            }
            String room = m.group(1);
            ToolDef tool = Tools.all().stream().filter(d -> d.name().equals(TOOL_OF.get(m.group(2)))).findFirst().orElseThrow();
            Object auth = exchange.transportContext() == null ? null : exchange.transportContext().get(SyncMcp.AUTHORIZATION);
            return Mono.fromFuture(calls.call(tool, Map.of("room", room), exchange.sessionId(), auth == null ? null : auth.toString()))
                    .flatMap(r -> {
                        String text = ((McpSchema.TextContent) r.content().get(0)).text();
                        if (Boolean.TRUE.equals(r.isError())) {
                            return Mono.error(McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND).message(text).build());
                        }
                        follow(room);
                        return Mono.just(new McpSchema.ReadResourceResult(List.of(
                                new McpSchema.TextResourceContents(req.uri(), "application/json", text))));
                    });
        });
    }

    /** Follows a room's revision (once per room) and notifies its resources' subscribers of every change. */
    void follow(String room) {
        if (followed.add(room)) {
            park(room, sync.room(room).map(r -> r.revision()).orElse(0L));
        }
    }

    private void park(String room, long after) {
        sync.await(room, WaitRequest.until("true").afterRevision(after).timeout(Duration.ofSeconds(25))).whenComplete((r, e) -> {
            if (e != null) {
                followed.remove(room); // the room is gone or the instance is closing
                return;
            }
            McpAsyncServer s = server.get();
            if (r.triggered() && s != null) {
                for (String what : List.of("state", "messages", "agents")) {
                    s.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification("sync://rooms/" + room + "/" + what, null))
                            .subscribe(v -> { }, err -> { });
                }
            }
            park(room, r.triggered() ? r.revision() : after);
        });
    }
}
