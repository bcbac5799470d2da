package dev.agentsync.core;

import java.time.Duration;

/**
 * The configurable limits. {@link #defaults()} gives the contract's defaults; change one with a wither:
 * {@code Limits.defaults().withMaxBatch(200)}.
 *
 * @param maxBodyBytes            request body size (enforced by wire adapters)
 * @param maxValueBytes           one state value, as encoded JSON
 * @param maxExpressionBytes      one CEL expression, in UTF-8 bytes
 * @param maxBatch                writes in one batch
 * @param defaultWait             wait timeout when none is given
 * @param maxWait                 the longest wait allowed (at most 300 s)
 * @param messagePage             message page size when none is given
 * @param maxMessagePage          the largest message page
 * @param maxComprehensionIterations CEL comprehension budget per evaluation
 */
public record Limits(int maxBodyBytes, int maxValueBytes, int maxExpressionBytes, int maxBatch, Duration defaultWait,
                     Duration maxWait, int messagePage, int maxMessagePage, int maxComprehensionIterations) {

    /** The longest any wait may be configured to last. */
    public static final Duration WAIT_CEILING = Duration.ofMinutes(5);

    /** Validates the combination. */
    public Limits {
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxValueBytes", maxValueBytes);
        positive("maxExpressionBytes", maxExpressionBytes);
        positive("maxBatch", maxBatch);
        positive("messagePage", messagePage);
        positive("maxMessagePage", maxMessagePage);
        positive("maxComprehensionIterations", maxComprehensionIterations);
        if (maxWait.isNegative() || maxWait.isZero() || maxWait.compareTo(WAIT_CEILING) > 0) {
            throw new IllegalArgumentException("maxWait must be in (0, 300 s], was " + maxWait);
        }
        if (defaultWait.isNegative() || defaultWait.compareTo(maxWait) > 0) {
            throw new IllegalArgumentException("defaultWait must be in [0, maxWait], was " + defaultWait);
        }
        if (messagePage > maxMessagePage) {
            throw new IllegalArgumentException("messagePage must not exceed maxMessagePage");
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
    }

    /** The contract's defaults: body 1 MiB, value 256 KiB, expression 4 KiB, batch 100, wait 25 s, page 50/500. */
    public static Limits defaults() {
        return new Limits(1 << 20, 256 << 10, 4 << 10, 100, Duration.ofMillis(25_000), Duration.ofMillis(25_000), 50, 500,
                10_000);
    }

    /** With another batch size. */
    public Limits withMaxBatch(int n) {
        return new Limits(maxBodyBytes, maxValueBytes, maxExpressionBytes, n, defaultWait, maxWait, messagePage,
                maxMessagePage, maxComprehensionIterations);
    }

    /** With another maximum wait (the default wait is capped to it). */
    public Limits withMaxWait(Duration d) {
        Duration def = defaultWait.compareTo(d) > 0 ? d : defaultWait;
        return new Limits(maxBodyBytes, maxValueBytes, maxExpressionBytes, maxBatch, def, d, messagePage,
                maxMessagePage, maxComprehensionIterations);
    }

    /** With another value size limit. */
    public Limits withMaxValueBytes(int n) {
        return new Limits(maxBodyBytes, n, maxExpressionBytes, maxBatch, defaultWait, maxWait, messagePage,
                maxMessagePage, maxComprehensionIterations);
    }

    /** With another body size limit. */
    public Limits withMaxBodyBytes(int n) {
        return new Limits(n, maxValueBytes, maxExpressionBytes, maxBatch, defaultWait, maxWait, messagePage,
                maxMessagePage, maxComprehensionIterations);
    }
}
