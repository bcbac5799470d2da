package dev.agentsync.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Time as the contract shows it: millisecond precision, ISO-8601 UTC ({@code 2026-11-24T10:31:07.123Z}). */
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
