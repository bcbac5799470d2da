package dev.agentsync.core.internal.wait;

import dev.agentsync.core.Scheduler;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.internal.Cel;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One wait in flight: its condition, the agent it counts for, and the future its client holds. */
public final class Waiter {
    final String room;
    final Cel.Compiled condition;
    final @Nullable String agent;
    final IncludeSpec include;
    final long startMillis;
    final long afterRevision;
    final String groupKey;
    final long timeoutMillis;
    private final CompletableFuture<WaitResult> future = new CompletableFuture<>();
    volatile Scheduler.@Nullable Cancellable timer;
    boolean agentCounted; // guarded by the RoomWaits
    @Nullable WaitResult immediate;

    Waiter(String room, Cel.Compiled condition, @Nullable String agent, IncludeSpec include, long startMillis,
           long afterRevision, long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.afterRevision = afterRevision;
        this.groupKey = afterRevision < 0 ? condition.text() : afterRevision + "|" + condition.text();
        this.room = room;
        this.condition = condition;
        this.agent = agent;
        this.include = include;
        this.startMillis = startMillis;
    }

    /** Completed with the wait's result; cancelling it ends the wait. */
    public CompletableFuture<WaitResult> future() {
        return future;
    }
}
