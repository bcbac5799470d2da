package dev.agentsync.examples;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentsync.core.Agent;
import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.PreconditionFailedException;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.VersionConflictException;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pattern 5, watchdog and materializer.
 *
 * <p>Materializer: a producer appends values as messages and raises {@code needs_recompute}; the materializer
 * waits on the flag, lowers it with a CAS on the flag's version, recomputes {@code derived_sum} from the log,
 * and stops once the producer is done and nothing is left to recompute.
 *
 * <p>Watchdog: worker {@code w} takes the task, then stalls (it blocks in a wait that nothing will satisfy).
 * The watchdog waits on w's presence ({@code agents["w"].status == "waiting"}), then on w's heartbeat moving;
 * when that wait times out the heartbeat is stale, and a gated write hands the task to the backup worker.
 */
public final class Watchdog {
    private Watchdog() {
    }

    /**
     * The outcome.
     *
     * @param derivedSum     what the materializer derived
     * @param expectedSum    the sum of the produced values
     * @param assignee       who holds the task at the end
     * @param reassignedFrom whom the watchdog took it from
     * @param resultBy       who wrote the task's result
     * @param stalledSawLoss whether the stalled worker, when it woke, saw the task was no longer its own
     */
    public record Result(long derivedSum, long expectedSum, String assignee, String reassignedFrom, String resultBy,
                         boolean stalledSawLoss) {
    }

    /** Runs both halves in a new room; {@code stale} is how long a heartbeat may stand still. */
    public static Result run(SyncClient.Connection conn, String room, int values, Duration stale) {
        conn.createRoom(room);
        SyncClient producer = conn.join(room, "producer", "producer");
        SyncClient materializer = conn.join(room, "materializer", "materializer");
        SyncClient coordinator = conn.join(room, "coordinator", "coordinator");
        SyncClient w = conn.join(room, "w", "worker");
        SyncClient backup = conn.join(room, "backup", "worker");
        SyncClient watchdog = conn.join(room, "watchdog", "watchdog");
        producer.batch(List.of(Write.of("needs_recompute", false), Write.of("producer_done", false), Write.of("derived_sum", 0)), null);
        long task = coordinator.post(NewMessage.of(coordinator.agent(), "task", "index the corpus")).id();
        boolean[] stalledSawLoss = new boolean[1];

        Agents.run(List.of(
                () -> {
                    for (int i = 1; i <= values; i++) {
                        producer.post(NewMessage.of(producer.agent(), "value", JsonNodeFactory.instance.numberNode(i)));
                        producer.write(Write.of("needs_recompute", true));
                    }
                    producer.batch(List.of(Write.of("producer_done", true), Write.of("needs_recompute", true)), null);
                },
                () -> materialize(materializer),
                () -> {
                    w.claim(task);
                    w.heartbeat("busy");
                    w.write(Write.of("assignee", w.agent()));
                    // the stall: w blocks on something nobody will do for it
                    WaitResult r;
                    do {
                        r = w.await(WaitRequest.until("state._shared.assignee != \"w\"").timeout(Duration.ofSeconds(20)));
                    } while (!r.triggered());
                    stalledSawLoss[0] = true;
                },
                () -> {
                    // 1. presence: w is blocked in a wait
                    WaitResult seen;
                    do {
                        seen = watchdog.await(WaitRequest.until("has(state._shared.assignee) && agents[\"w\"].status == \"waiting\"")
                                .timeout(Duration.ofSeconds(20)).include("agents"));
                    } while (!seen.triggered());
                    String beat = dev.agentsync.core.Times.format(seen.included().agents().stream().filter(a -> a.id().equals("w")).map(Agent::lastHeartbeat)
                            .findFirst().orElseThrow());
                    // 2. staleness: wait for w's heartbeat to move; a timeout means it is stale
                    WaitResult moved = watchdog.await(WaitRequest.until("agents[\"w\"].last_heartbeat != \"" + beat + "\"").timeout(stale));
                    if (moved.triggered()) {
                        throw new IllegalStateException("w is alive after all; this run expects a stalled worker");
                    }
                    // 3. reassign, only if w still holds it
                    watchdog.batch(List.of(Write.of("assignee", "backup"), Write.of("reassigned_from", "w")), "state._shared.assignee == \"w\"");
                    watchdog.post(NewMessage.of(watchdog.agent(), "reassign", "w stalled; backup takes over").replyTo(task));
                },
                () -> {
                    WaitResult mine;
                    do {
                        mine = backup.await(WaitRequest.until("has(state._shared.assignee) && state._shared.assignee == \"backup\"")
                                .timeout(Duration.ofSeconds(20)));
                    } while (!mine.triggered());
                    backup.post(NewMessage.of(backup.agent(), "result", "corpus indexed").replyTo(task));
                    backup.write(Write.of("result_by", backup.agent()).ifVersion(0));
                }));

        long expected = (long) values * (values + 1) / 2;
        return new Result(value(coordinator, "derived_sum").value().asLong(), expected, value(coordinator, "assignee").value().asText(),
                value(coordinator, "reassigned_from").value().asText(), value(coordinator, "result_by").value().asText(), stalledSawLoss[0]);
    }

    private static Entry value(SyncClient c, String key) {
        return c.entry(Scopes.SHARED, key).orElseThrow();
    }

    private static void materialize(SyncClient me) {
        while (true) {
            WaitResult w = me.await(WaitRequest.until("state._shared.needs_recompute == true").timeout(Duration.ofSeconds(20)));
            if (!w.triggered()) {
                continue;
            }
            Entry flag = me.entry(Scopes.SHARED, "needs_recompute").orElseThrow();
            if (!flag.value().asBoolean()) {
                continue;
            }
            boolean last = me.entry(Scopes.SHARED, "producer_done").orElseThrow().value().asBoolean();
            try {
                // lower the flag only if nobody raised it again since we read it
                me.write(Write.of("needs_recompute", false).ifVersion(flag.version()));
            } catch (VersionConflictException raisedAgain) {
                continue;
            }
            long sum = 0;
            List<Message> page;
            long after = 0;
            do {
                page = new ArrayList<>(me.messages(MessageQuery.all().after(after).limit(500)));
                for (Message m : page) {
                    if (m.kind().equals("value")) {
                        sum += m.body().asLong();
                    }
                    after = m.id();
                }
            } while (page.size() == 500);
            me.write(Write.of("derived_sum", sum));
            if (last) {
                try {
                    me.write(Write.of("materializer_done", true).when("state._shared.producer_done && !state._shared.needs_recompute"));
                    return;
                } catch (PreconditionFailedException moreCame) {
                    // raised again after producer_done: recompute once more
                }
            }
        }
    }
}
