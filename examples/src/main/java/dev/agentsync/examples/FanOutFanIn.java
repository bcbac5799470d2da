package dev.agentsync.examples;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentsync.core.AlreadyClaimedException;
import dev.agentsync.core.ClaimResult;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageCounts;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Pattern 2, fan-out / fan-in: a coordinator posts N tasks; W workers claim them under a lease (exactly one wins
 * each), record the result with a write fenced by their claim, complete the task with their fence, reply in the
 * task's thread and increment {@code tasks_done}; the coordinator waits until {@code tasks_done == tasks_total}
 * and gathers the replies.
 *
 * <p>With a crash lease, one more worker, {@code worker-crash}, claims a task under that short lease and then just
 * stops: it never completes and never renews. Nobody has to notice: the lease runs out, the task is claimable
 * again (fence and delivery count go on), and a worker waiting on
 * {@code messages.by_kind.task.unclaimed > 0} wakes and takes it. Workers therefore do not stop when nothing is
 * claimable; they stop when every task is completed (or dead).
 */
public final class FanOutFanIn {
    /** The crashing worker's id. */
    public static final String CRASHER = "worker-crash";
    /** The lease a healthy worker claims under: far longer than a task takes. */
    static final Duration WORK_LEASE = Duration.ofSeconds(30);

    private FanOutFanIn() {
    }

    /**
     * The outcome.
     *
     * @param claimedBy   for each task id, the worker that completed it (a completed task keeps its last holder)
     * @param replies     for each task id, the replies in its thread (each the square of the task's number)
     * @param tasksDone   the counter at the end
     * @param deliveries  for each task id, how many times it was granted (1, or 2 for the crashed worker's task)
     * @param crashedTask the task the crashing worker took and abandoned, or {@code null} without a crash
     */
    public record Result(Map<Long, String> claimedBy, Map<Long, List<Long>> replies, long tasksDone, Map<Long, Integer> deliveries,
                         @Nullable Long crashedTask) {
    }

    /** Runs {@code tasks} tasks over {@code workers} workers in a new room, nobody crashing. */
    public static Result run(SyncClient.Connection conn, String room, int tasks, int workers) {
        return run(conn, room, tasks, workers, null);
    }

    /**
     * Runs {@code tasks} tasks over {@code workers} workers in a new room; with {@code crashLease}, one more worker
     * claims a task under that lease and crashes. So that every run has a crash to survive, the coordinator gives
     * the go signal only once the crasher holds its task.
     */
    public static Result run(SyncClient.Connection conn, String room, int tasks, int workers, @Nullable Duration crashLease) {
        conn.createRoom(room);
        SyncClient coordinator = conn.join(room, "coordinator", "coordinator");
        List<SyncClient> ws = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            ws.add(conn.join(room, "worker-" + i, "worker"));
        }
        SyncClient crasher = crashLease == null ? null : conn.join(room, CRASHER, "worker");
        Long[] crashed = new Long[1];
        List<Agents.Body> agents = new ArrayList<>();
        agents.add(() -> {
            coordinator.write(Write.of("tasks_done", 0));
            for (int n = 1; n <= tasks; n++) {
                coordinator.post(NewMessage.of(coordinator.agent(), "task", JsonNodeFactory.instance.numberNode(n)));
            }
            if (crasher != null) {
                coordinator.write(Write.of("tasks_posted", tasks));
                await(coordinator, "has(state._shared.crashed_task)"); // the crasher took its task (its lease may run out any time)
            }
            coordinator.write(Write.of("tasks_total", tasks)); // the go signal: every task is posted
            await(coordinator, "has(state._shared.tasks_total) && state._shared.tasks_done == state._shared.tasks_total");
        });
        if (crasher != null) {
            agents.add(() -> {
                await(crasher, "has(state._shared.tasks_posted)");
                Message task = crasher.messages(MessageQuery.unclaimed("task").limit(1)).get(0);
                crasher.claim(task.id(), crashLease);
                crashed[0] = task.id();
                crasher.write(Write.of("crashed_task", task.id())); // for the coordinator's go signal and for people
                // the crash: this worker's process dies here; it never completes the task and never renews its lease
            });
        }
        for (SyncClient w : ws) {
            agents.add(() -> worker(w));
        }
        Agents.run(agents);

        Map<Long, String> claimedBy = new TreeMap<>();
        Map<Long, List<Long>> replies = new TreeMap<>();
        Map<Long, Integer> deliveries = new TreeMap<>();
        for (Message m : coordinator.messages(new MessageQuery(null, "task", null, false, null, null, 500))) {
            claimedBy.put(m.id(), m.claimedBy()); // null if a task was left unclaimed
            deliveries.put(m.id(), m.deliveryCount());
            List<Long> rs = new ArrayList<>();
            for (Message r : coordinator.messages(MessageQuery.thread(m.id()).limit(500))) {
                if (r.id() != m.id()) {
                    rs.add(r.body().asLong());
                }
            }
            replies.put(m.id(), rs);
        }
        return new Result(claimedBy, replies, coordinator.entry("_shared", "tasks_done").orElseThrow().value().asLong(), deliveries,
                crashed[0]);
    }

    private static void await(SyncClient me, String condition) {
        while (!me.await(WaitRequest.until(condition).timeout(Duration.ofSeconds(20))).triggered()) {
            // not yet: wait again
        }
    }

    private static void worker(SyncClient me) {
        await(me, "has(state._shared.tasks_total)"); // the go signal
        while (true) {
            List<Message> open = me.messages(MessageQuery.unclaimed("task").limit(50));
            if (open.isEmpty()) {
                // Nothing claimable now. Done when every task is completed (or dead); else some worker holds one and
                // may crash: sleep until a task is claimable again (its lease ran out) or all are done.
                WaitResult w = me.await(WaitRequest.until("messages.by_kind.task.unclaimed > 0 || "
                        + "messages.by_kind.task.completed + messages.by_kind.task.dead == state._shared.tasks_total")
                        .timeout(Duration.ofSeconds(20)).include("messages"));
                MessageCounts task = w.included().messages().byKind().get("task");
                if (w.triggered() && task.unclaimed() == 0) {
                    return; // every task is completed (or dead)
                }
                continue;
            }
            for (Message task : open) {
                ClaimResult mine;
                try {
                    mine = me.claim(task.id(), WORK_LEASE);
                } catch (AlreadyClaimedException lost) {
                    continue; // another worker was first: try the next one
                } catch (SyncException goneMeanwhile) {
                    continue; // completed or dead since we listed it
                }
                long n = task.body().asLong();
                try {
                    // the result, written only while this claim is still ours: a worker whose lease ran out can
                    // never overwrite the work of the task's next holder
                    me.write(Write.of("result_" + n, n * n).ifClaim(mine.claimFence()));
                    me.complete(task.id(), mine.fence());
                } catch (SyncException lostTheClaim) {
                    continue; // stale_fence / not_holder / already_completed: the task is someone else's now
                }
                // completed exactly once, by us: announce it
                me.post(NewMessage.of(me.agent(), "result", JsonNodeFactory.instance.numberNode(n * n)).replyTo(task.id()));
                me.write(Write.increment("tasks_done", 1));
                break;
            }
        }
    }
}
