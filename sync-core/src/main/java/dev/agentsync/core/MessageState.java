package dev.agentsync.core;

import java.util.Locale;

/**
 * Where a message is in its life. Each message is in exactly one state, so
 * {@code count = unclaimed + claimed + completed + dead}.
 */
public enum MessageState {
    /** Claimable now: never claimed, released, or its lease ran out. */
    UNCLAIMED,
    /** Held by a claimer right now. */
    CLAIMED,
    /** Marked done by its holder; never claimable again. */
    COMPLETED,
    /** Granted {@code max_deliveries} times without completion; never claimable again. */
    DEAD;

    /** The lower-case wire name. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
