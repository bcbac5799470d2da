package dev.agentsync.examples;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentsync.core.AlreadyClaimedException;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pattern 2, fan-out / fan-in: a coordinator posts N tasks; W workers claim them (exactly one wins each), work,
 * reply in the task's thread and increment {@code tasks_done}; the coordinator waits until
 * {@code tasks_done == tasks_total} and gathers the replies.
 */
public final class FanOutFanIn {
    private FanOutFanIn() {
    }

    /**
     * The outcome.
     *
     * @param claimedBy for each task id, the worker that claimed it
     * @param replies   for each task id, the replies in its thread (each the square of the task's number)
     * @param tasksDone the counter at the end
     */
    public record Result(Map<Long, String> claimedBy, Map<Long, List<Long>> replies, long tasksDone) {
    }

    /** Runs {@code tasks} tasks over {@code workers} workers in a new room. */
    public static Result run(SyncClient.Connection conn, String room, int tasks, int workers) {
        conn.createRoom(room);
        SyncClient coordinator = conn.join(room, "coordinator", "coordinator");
        List<SyncClient> ws = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            ws.add(conn.join(room, "worker-" + i, "worker"));
        }
        List<Agents.Body> agents = new ArrayList<>();
        agents.add(() -> {
            coordinator.write(Write.of("tasks_done", 0));
            for (int n = 1; n <= tasks; n++) {
                coordinator.post(NewMessage.of(coordinator.agent(), "task", JsonNodeFactory.instance.numberNode(n)));
            }
            coordinator.write(Write.of("tasks_total", tasks)); // the go signal: every task is posted
            while (!coordinator.await(WaitRequest.until("has(state._shared.tasks_total) && state._shared.tasks_done == state._shared.tasks_total")
                    .timeout(Duration.ofSeconds(20))).triggered()) {
                // not done yet: wait again
            }
        });
        for (SyncClient w : ws) {
            agents.add(() -> worker(w));
        }
        Agents.run(agents);

        Map<Long, String> claimedBy = new TreeMap<>();
        Map<Long, List<Long>> replies = new TreeMap<>();
        for (Message m : coordinator.messages(new MessageQuery(null, "task", null, false, null, null, 500))) {
            claimedBy.put(m.id(), m.claimedBy()); // null if a task was left unclaimed
            List<Long> rs = new ArrayList<>();
            for (Message r : coordinator.messages(MessageQuery.thread(m.id()).limit(500))) {
                if (r.id() != m.id()) {
                    rs.add(r.body().asLong());
                }
            }
            replies.put(m.id(), rs);
        }
        return new Result(claimedBy, replies, coordinator.entry("_shared", "tasks_done").orElseThrow().value().asLong());
    }

    private static void worker(SyncClient me) {
        while (!me.await(WaitRequest.until("has(state._shared.tasks_total)").timeout(Duration.ofSeconds(20))).triggered()) {
            // wait for the go signal
        }
        while (true) {
            List<Message> open = me.messages(MessageQuery.unclaimed("task").limit(50));
            if (open.isEmpty()) {
                return; // every task is taken
            }
            for (Message task : open) {
                try {
                    me.claim(task.id());
                } catch (AlreadyClaimedException lost) {
                    continue; // another worker was first: try the next one
                }
                long n = task.body().asLong();
                me.post(NewMessage.of(me.agent(), "result", JsonNodeFactory.instance.numberNode(n * n)).replyTo(task.id()));
                me.write(Write.increment("tasks_done", 1));
                break;
            }
        }
    }
}
