package dev.agentsync.examples;

import dev.agentsync.core.Scopes;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import dev.agentsync.core.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pattern 1, turn-based: two players wait for their turn, record a move with a write that is both CAS
 * ({@code if_version: 0}: each turn's move is written once) and gated (only by the current player), then hand the
 * turn over with an atomic batch. The turns strictly alternate.
 */
public final class TurnBasedGame {
    private TurnBasedGame() {
    }

    /** Who moved at each turn, in order. */
    public record Result(List<String> movers) {
    }

    /** Plays {@code turns} turns in a new room. */
    public static Result play(SyncClient.Connection conn, String room, int turns) {
        conn.createRoom(room);
        SyncClient alice = conn.join(room, "alice", "player");
        SyncClient bob = conn.join(room, "bob", "player");
        alice.batch(List.of(Write.of("turn", 0), Write.of("currentPlayer", "alice")), null);
        Agents.run(List.of(() -> player(alice, "bob", turns), () -> player(bob, "alice", turns)));
        List<String> movers = new ArrayList<>();
        for (int t = 0; t < turns; t++) {
            movers.add(alice.entry(Scopes.SHARED, "moves/" + t).orElseThrow().value().asText());
        }
        return new Result(movers);
    }

    private static void player(SyncClient me, String other, int turns) {
        String myTurn = "state._shared.currentPlayer == \"" + me.agent() + "\"";
        while (true) {
            // wait -> read -> act -> advance
            WaitResult w = me.await(WaitRequest.until(myTurn + " || state._shared.turn >= " + turns)
                    .timeout(Duration.ofSeconds(20)).include("state._shared"));
            if (!w.triggered()) {
                continue; // nothing yet: wait again
            }
            long turn = w.included().state().get(Scopes.SHARED).get("turn").asLong();
            if (turn >= turns) {
                return;
            }
            me.write(Write.of("moves/" + turn, me.agent()).ifVersion(0).when(myTurn));
            me.batch(List.of(Write.of("currentPlayer", other), Write.increment("turn", 1)), myTurn);
        }
    }
}
