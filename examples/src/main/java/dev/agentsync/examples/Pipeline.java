package dev.agentsync.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Pattern 4, pipeline: each item passes through the stages in order. A stage waits until the stage marker names
 * it, transforms {@code data}, and advances the marker with a write gated on the marker still naming it; a
 * collector takes the finished item and feeds the next one.
 */
public final class Pipeline {
    private Pipeline() {
    }

    /** The stages, in order. */
    static final List<UnaryOperator<String>> STAGES = List.of(String::strip, s -> s.toUpperCase(Locale.ROOT), s -> s + "!");

    /** What the pipeline must produce for {@code in}. */
    public static String expected(String in) {
        String s = in;
        for (UnaryOperator<String> f : STAGES) {
            s = f.apply(s);
        }
        return s;
    }

    /** Input and output, item by item. */
    public record Result(List<String> input, List<String> output) {
    }

    /** Runs {@code items} through the stages in a new room. */
    public static Result run(SyncClient.Connection conn, String room, List<String> items) {
        conn.createRoom(room);
        SyncClient collector = conn.join(room, "collector", "collector");
        collector.batch(List.of(Write.of("item", 0), Write.of("data", items.get(0)), Write.of("stage", 0)), null);
        int last = STAGES.size();
        List<Agents.Body> agents = new ArrayList<>();
        for (int k = 0; k < last; k++) {
            int stage = k;
            SyncClient me = conn.join(room, "stage-" + k, "stage");
            agents.add(() -> {
                while (true) {
                    JsonNode s = waitFor(me, "state._shared.stage == " + stage + " || has(state._shared.done)");
                    if (s == null) {
                        continue;
                    }
                    if (s.has("done")) {
                        return;
                    }
                    String out = STAGES.get(stage).apply(s.get("data").asText());
                    me.batch(List.of(Write.of("data", out), Write.of("stage", stage + 1)),
                            "state._shared.stage == " + stage + " && state._shared.item == " + s.get("item").asLong());
                }
            });
        }
        List<String> output = new ArrayList<>();
        agents.add(() -> {
            for (int i = 0; i < items.size(); i++) {
                JsonNode s;
                do {
                    s = waitFor(collector, "state._shared.stage == " + last + " && state._shared.item == " + i);
                } while (s == null);
                output.add(s.get("data").asText());
                String gate = "state._shared.stage == " + last + " && state._shared.item == " + i;
                if (i + 1 < items.size()) {
                    collector.batch(List.of(Write.of("item", i + 1), Write.of("data", items.get(i + 1)), Write.of("stage", 0)), gate);
                } else {
                    collector.write(Write.of("done", true).when(gate));
                }
            }
        });
        Agents.run(agents);
        return new Result(items, output);
    }

    /** Waits for {@code condition}; the shared scope at the revision that satisfied it, or null on a timeout. */
    private static JsonNode waitFor(SyncClient me, String condition) {
        WaitResult w = me.await(WaitRequest.until(condition).timeout(Duration.ofSeconds(20)).include("state._shared"));
        if (!w.triggered()) {
            return null;
        }
        com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        w.included().state().get(Scopes.SHARED).forEach(o::set);
        return o;
    }
}
