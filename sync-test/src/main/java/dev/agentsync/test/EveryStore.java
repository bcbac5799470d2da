package dev.agentsync.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once per store (in place of {@code @Test}), each run shown with the store's name and given its own
 * fresh store, {@link ManualClock} and room, as parameters like {@link SyncTest}'s. A store that cannot run here
 * (its provider is not on the test class path, or PostgreSQL has no {@value TestStore#PG_URL_ENV}) shows as one
 * skipped run that says why.
 *
 * <pre>{@code
 * @EveryStore
 * void exactlyOneClaimWins(Sync sync, TestRoom room) { ... }    // [memory] [h2] [postgresql]
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(SyncExtension.class)
public @interface EveryStore {
    /** The stores, in the order they run: by default memory, H2 and PostgreSQL. */
    TestStore[] value() default {TestStore.MEMORY, TestStore.H2, TestStore.POSTGRESQL};
}
