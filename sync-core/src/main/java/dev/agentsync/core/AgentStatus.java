package dev.agentsync.core;

import java.util.Locale;
import java.util.Optional;

/** An agent's presence status. {@link #WAITING} is set only by the server while a wait is in flight. */
public enum AgentStatus {
    /** Working, available. The default. */
    ACTIVE,
    /** Present but idle. */
    IDLE,
    /** Busy with work. */
    BUSY,
    /** Blocked in a wait; set by the server only. */
    WAITING,
    /** Finished; excluded from auto-heartbeat. */
    DONE;

    /** The wire string, lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire string; empty for an unknown one. */
    public static Optional<AgentStatus> parse(String s) {
        for (AgentStatus st : values()) {
            if (st.wire().equals(s)) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }
}
