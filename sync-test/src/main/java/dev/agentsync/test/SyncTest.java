package dev.agentsync.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Turns on the kit for a test class or method: a test method (or its {@code @BeforeEach}/{@code @AfterEach}) may
 * take a {@link dev.agentsync.core.Sync}, its {@link ManualClock}, a {@link TestRoom} (a room created with a fresh
 * id), the {@link SyncFixture} or the {@link TestStore} as parameters. Each test gets its own fresh store, closed
 * after it. A {@code @Test} runs on {@link #store()}; an {@link EveryStore} method runs once per store.
 *
 * <pre>{@code
 * @SyncTest
 * class MyAgentsTest {
 *     @Test
 *     void theCoordinatorTimesOut(Sync sync, ManualClock clock, TestRoom room) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SyncExtension.class)
public @interface SyncTest {
    /** The store of plain {@code @Test} methods; one that cannot run here skips the test, saying why. */
    TestStore store() default TestStore.MEMORY;
}
