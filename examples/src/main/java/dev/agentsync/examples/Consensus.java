package dev.agentsync.examples;

import dev.agentsync.core.PreconditionFailedException;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pattern 3, consensus: voters increment counters; a computed view says whether the quorum is met and what won;
 * deciders wait on the view, and a gated batch ({@code if: !has(state._shared.decision)}) lets exactly one of them
 * record the outcome.
 */
public final class Consensus {
    private Consensus() {
    }

    /**
     * The outcome.
     *
     * @param decision  the recorded outcome
     * @param decidedBy the decider whose batch passed the gate
     * @param recorded  how many deciders' batches passed (must be 1)
     * @param refused   how many were refused by the gate
     * @param yes       yes votes
     * @param no        no votes
     */
    public record Result(String decision, String decidedBy, int recorded, int refused, long yes, long no) {
    }

    /** Runs {@code voters} voters (every third votes no) and {@code deciders} deciders in a new room. */
    public static Result run(SyncClient.Connection conn, String room, int voters, int deciders) {
        conn.createRoom(room);
        SyncClient clerk = conn.join(room, "clerk", "clerk");
        clerk.batch(List.of(Write.of("votes_yes", 0), Write.of("votes_no", 0), Write.of("voters_total", voters)), null);
        clerk.write(Write.view("quorum", "state._shared.votes_yes + state._shared.votes_no >= state._shared.voters_total"));
        clerk.write(Write.view("outcome", "state._shared.votes_yes > state._shared.votes_no ? 'accept' : 'reject'"));

        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Agents.Body> agents = new ArrayList<>();
        for (int d = 0; d < deciders; d++) {
            SyncClient decider = conn.join(room, "decider-" + d, "decider");
            agents.add(() -> {
                WaitResult w;
                do {
                    w = decider.await(WaitRequest.until("state._view.quorum == true").timeout(Duration.ofSeconds(20)).include("state._view"));
                } while (!w.triggered());
                String outcome = w.included().state().get(Scopes.VIEW).get("outcome").asText();
                try {
                    decider.batch(List.of(Write.of("decision", outcome), Write.of("decided_by", decider.agent())),
                            "state._view.quorum && !has(state._shared.decision)");
                    recorded.incrementAndGet();
                } catch (PreconditionFailedException another) {
                    refused.incrementAndGet(); // someone decided first
                }
            });
        }
        for (int v = 0; v < voters; v++) {
            SyncClient voter = conn.join(room, "voter-" + v, "voter");
            boolean yes = v % 3 != 0;
            agents.add(() -> voter.write(Write.increment(yes ? "votes_yes" : "votes_no", 1)));
        }
        Agents.run(agents);
        return new Result(clerk.entry(Scopes.SHARED, "decision").orElseThrow().value().asText(),
                clerk.entry(Scopes.SHARED, "decided_by").orElseThrow().value().asText(), recorded.get(), refused.get(),
                clerk.entry(Scopes.SHARED, "votes_yes").orElseThrow().value().asLong(),
                clerk.entry(Scopes.SHARED, "votes_no").orElseThrow().value().asLong());
    }
}
