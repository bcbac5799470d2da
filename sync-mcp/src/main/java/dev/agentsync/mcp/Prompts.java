package dev.agentsync.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.AsyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** One prompt per coordination pattern, teaching a model how to use the room's tools for it. */
final class Prompts {
    private Prompts() {
    }

    private static final Map<String, String[]> PATTERNS = Map.of(
            "turn_taking", new String[] {"Take turns with other agents",
                    "You take turns in room {room}. 1. join. 2. Loop: wait with condition"
                            + " \"state._shared.turn == '<your id>'\" (call wait again while triggered is false); make your move;"
                            + " write the next agent's id to key turn with if_version set to the version you read, so two"
                            + " agents can never both move. Stop when state._shared.done is true."},
            "fan_out_fan_in", new String[] {"Share out tasks and collect results",
                    "In room {room}, tasks are messages of kind task. As a worker: join; loop: wait until"
                            + " \"messages.by_kind.task.unclaimed > 0\", list_messages with kind task and unclaimed true, claim one"
                            + " (with lease_ms so a crash hands it back); if already_claimed, pick another; do the work,"
                            + " renewing (claim again) before the lease runs out; post_message kind result with reply_to the task;"
                            + " complete it with the claim's fence. As the coordinator: post the tasks, then wait until"
                            + " \"messages.by_kind.task.completed == <n>\"."},
            "consensus", new String[] {"Vote and decide once",
                    "In room {room}, vote by writing key vote_<your id> (scope _shared). The decider waits until enough"
                            + " votes are in, then writes key decision with if_version 0 so only the first decision stands"
                            + " (version_conflict means someone decided already: read it)."},
            "pipeline", new String[] {"Hand work down a pipeline",
                    "In room {room}, each stage waits for its input key (wait on \"has(state._shared.<input>)\"), processes it,"
                            + " and writes its output key; the last stage writes done = true."},
            "watchdog", new String[] {"Watch for stalled agents and reassign their work",
                    "In room {room} (created with presence_ttl_ms and release_claims_on_offline), wait until"
                            + " \"agents['<worker>'].online == false\"; its claims are released by the server; reassign with a"
                            + " guarded write (if: the task is still assigned to that worker). Workers: heartbeat during long"
                            + " work, and guard result writes with if_claim so a stalled worker's late write is refused"
                            + " (stale_fence)."});

    static List<AsyncPromptSpecification> all() {
        return PATTERNS.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
            String name = e.getKey();
            String title = e.getValue()[0];
            String text = e.getValue()[1];
            McpSchema.Prompt prompt = new McpSchema.Prompt(name, title, title + " (agent-sync pattern).",
                    List.of(new McpSchema.PromptArgument("room", "The room id.", true)));
            return new AsyncPromptSpecification(prompt, (exchange, req) -> {
                Object room = req.arguments() == null ? null : req.arguments().get("room");
                String body = text.replace("{room}", room == null ? "<room>" : room.toString());
                return Mono.just(new McpSchema.GetPromptResult(title, List.of(
                        new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(body)))));
            });
        }).toList();
    }
}
