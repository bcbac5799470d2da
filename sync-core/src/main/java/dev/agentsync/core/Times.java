package dev.agentsync.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Time as agent-sync shows it everywhere (the wire, CEL's {@code agents[id].last_heartbeat}): millisecond
 * precision, ISO-8601 UTC, always three fraction digits ({@code 2026-11-24T10:31:07.000Z}).
 */
public final class Times {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** The clock's instant, truncated to milliseconds so stored and shown times agree. */
    public static Instant now(Clock clock) {
        return Instant.ofEpochMilli(clock.millis());
    }

    /** ISO-8601 UTC with milliseconds. */
    public static String format(Instant t) {
        return ISO.format(t.truncatedTo(ChronoUnit.MILLIS));
    }
}
