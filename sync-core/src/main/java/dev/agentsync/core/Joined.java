package dev.agentsync.core;

import java.util.Objects;

/**
 * The result of a join: the agent and its bearer token. The token is shown this once; only its hash is kept.
 *
 * @param agent the agent
 * @param token the plaintext bearer token, {@code as_} and 48 hex digits
 */
public record Joined(Agent agent, String token) {
    /** Validates the fields. */
    public Joined {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(token, "token");
    }

    /** This agent's credential, for the calls it makes next. */
    public Caller caller() {
        return Caller.bearer(token);
    }

    @Override
    public String toString() {
        return "Joined[agent=" + agent.id() + ", token=<hidden>]";
    }
}
