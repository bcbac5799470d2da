package dev.agentsync.examples;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentsync.core.Agent;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.PreconditionFailedException;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.StaleFenceException;
import dev.agentsync.core.VersionConflictException;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Pattern 5, watchdog and materializer.
 *
 * <p>Materializer: a producer appends values as messages and raises {@code needs_recompute}; the materializer
 * waits on the flag, lowers it with a CAS on the flag's version, recomputes {@code derived_sum} from the log,
 * and stops once the producer is done and nothing is left to recompute.
 *
 * <p>Watchdog: the room has a short {@code presence_ttl_ms} and {@code release_claims_on_offline}. Worker {@code w}
 * claims the task, then stalls: its call to a model hangs and it does nothing at all, so its heartbeat ages. The
 * server notices by itself that w is offline ({@code agents["w"].online} turns false) and releases w's claim. The
 * watchdog, waiting on exactly that, hands the task to the backup worker with a gated write; the backup claims the
 * freed task (the next fence), records the result fenced by its claim and completes it. When w's call finally
 * returns, its own fenced write is refused with {@code stale_fence}: a stalled worker can never overwrite the work
 * of the one that replaced it.
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
     * @param stalledSawLoss whether the stalled worker, when it woke, saw the task was no longer its own (its fenced
     *                       write was refused with {@code stale_fence})
     * @param sawOffline     whether the watchdog saw w offline ({@code online == false}) when it acted
     * @param completedBy    who completed the task, or {@code null} if nobody did
     * @param taskFence      the task's fence at the end: 1 for w's grant, +1 for the backup's
     */
    public record Result(long derivedSum, long expectedSum, String assignee, String reassignedFrom, String resultBy,
                         boolean stalledSawLoss, boolean sawOffline, @Nullable String completedBy, long taskFence) {
    }

    /** Runs both halves in a new room; {@code stale} is the room's {@code presence_ttl_ms}: how long a heartbeat may stand still. */
    public static Result run(SyncClient.Connection conn, String room, int values, Duration stale) {
        conn.createRoom(room, RoomSettings.defaults().withPresenceTtl(stale).withReleaseClaimsOnOffline(true));
        SyncClient producer = conn.join(room, "producer", "producer");
        SyncClient materializer = conn.join(room, "materializer", "materializer");
        SyncClient coordinator = conn.join(room, "coordinator", "coordinator");
        SyncClient w = conn.join(room, "w", "worker");
        SyncClient backup = conn.join(room, "backup", "worker");
        SyncClient watchdog = conn.join(room, "watchdog", "watchdog");
        producer.batch(List.of(Write.of("needs_recompute", false), Write.of("producer_done", false), Write.of("derived_sum", 0)), null);
        long task = coordinator.post(NewMessage.of(coordinator.agent(), "task", "index the corpus")).id();
        boolean[] stalledSawLoss = new boolean[1];
        boolean[] sawOffline = new boolean[1];
        // w's model call: it hangs until the backup has finished (a stand-in for a call that comes back far too late)
        CompletableFuture<Void> hungCall = new CompletableFuture<>();

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
                    ClaimResult mine = w.claim(task); // no lease: the claim lasts while w is online
                    w.heartbeat("busy");
                    w.write(Write.of("assignee", w.agent()));
                    // the stall: w's model call hangs; w sends nothing, so its heartbeat ages past presence_ttl_ms
                    hungCall.join();
                    try {
                        w.write(Write.of("result_by", w.agent()).ifClaim(mine.claimFence()));
                    } catch (StaleFenceException replaced) {
                        stalledSawLoss[0] = true; // the task is no longer w's: nothing was written
                    }
                },
                () -> {
                    // 1. liveness: the server marks w offline by itself once its heartbeat is older than presence_ttl_ms
                    WaitResult seen;
                    do {
                        seen = watchdog.await(WaitRequest.until("has(state._shared.assignee) && state._shared.assignee == \"w\""
                                + " && agents[\"w\"].online == false").timeout(Duration.ofSeconds(20)).include("agents"));
                    } while (!seen.triggered());
                    sawOffline[0] = seen.included().agents().stream().filter(a -> a.id().equals("w")).noneMatch(Agent::online);
                    // 2. reassign, only if w still holds it
                    watchdog.batch(List.of(Write.of("assignee", "backup"), Write.of("reassigned_from", "w")), "state._shared.assignee == \"w\"");
                    watchdog.post(NewMessage.of(watchdog.agent(), "reassign", "w went offline; backup takes over").replyTo(task));
                },
                () -> {
                    WaitResult mine;
                    do {
                        // assigned to me, and the task freed: w's claim was released when it went offline
                        mine = backup.await(WaitRequest.until("has(state._shared.assignee) && state._shared.assignee == \"backup\""
                                + " && messages.by_kind.task.unclaimed == 1").timeout(Duration.ofSeconds(20)));
                    } while (!mine.triggered());
                    try {
                        ClaimResult claim = backup.claim(task);
                        backup.post(NewMessage.of(backup.agent(), "result", "corpus indexed").replyTo(task));
                        backup.write(Write.of("result_by", backup.agent()).ifVersion(0).ifClaim(claim.claimFence()));
                        backup.complete(task, claim.fence());
                    } finally {
                        hungCall.complete(null); // w's call comes back, too late
                    }
                }));

        long expected = (long) values * (values + 1) / 2;
        Message t = coordinator.messages(MessageQuery.all().after(task - 1).limit(1)).get(0);
        return new Result(value(coordinator, "derived_sum").value().asLong(), expected, value(coordinator, "assignee").value().asText(),
                value(coordinator, "reassigned_from").value().asText(), value(coordinator, "result_by").value().asText(), stalledSawLoss[0],
                sawOffline[0], t.completedAt() == null ? null : t.claimedBy(), t.fence());
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
