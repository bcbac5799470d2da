package dev.agentsync.test;

import dev.agentsync.core.Sync;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link SyncTest} and {@link EveryStore}: resolves {@link Sync}, {@link ManualClock},
 * {@link TestRoom}, {@link SyncFixture} and {@link TestStore} parameters from one {@link SyncFixture} per test (per
 * run, for {@code @EveryStore}), opened on first use and closed when the test ends; and expands an
 * {@code @EveryStore} method into one run per store.
 */
public final class SyncExtension implements ParameterResolver, ExecutionCondition, TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SyncExtension.class);
    private static final Set<Class<?>> TYPES = Set.of(Sync.class, ManualClock.class, TestRoom.class, SyncFixture.class, TestStore.class);

    // ---------------------------------------------------------------- plain tests

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        // an @EveryStore run resolves its own parameters (StoreRun), with its store
        return TYPES.contains(p.getParameter().getType()) && ctx.getTestMethod().isPresent() && !isEveryStore(ctx.getRequiredTestMethod());
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        return resolve(p, ctx, configuredStore(ctx));
    }

    /** A plain test that takes a kit parameter is skipped, saying why, when its store cannot run here. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ctx) {
        Optional<Method> m = ctx.getTestMethod();
        if (m.isEmpty() || isEveryStore(m.get()) || Arrays.stream(m.get().getParameterTypes()).noneMatch(TYPES::contains)) {
            return ConditionEvaluationResult.enabled("no kit parameter here");
        }
        TestStore store = configuredStore(ctx);
        return store.unavailable().map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled(store.displayName() + " can run"));
    }

    private static boolean isEveryStore(Method m) {
        return AnnotationSupport.isAnnotated(m, EveryStore.class);
    }

    /** The store named by the nearest {@link SyncTest}: on the method, its class, or an enclosing class. */
    private static TestStore configuredStore(ExtensionContext ctx) {
        for (Optional<ExtensionContext> c = Optional.of(ctx); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent()) {
                Optional<SyncTest> a = AnnotationSupport.findAnnotation(element.get(), SyncTest.class);
                if (a.isPresent()) {
                    return a.get().store();
                }
            }
        }
        return TestStore.MEMORY;
    }

    private static Object resolve(ParameterContext p, ExtensionContext ctx, TestStore store) {
        Class<?> type = p.getParameter().getType();
        if (type == TestStore.class) {
            return store;
        }
        SyncFixture f = ctx.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class, k -> new Fixture(SyncFixture.open(store)), Fixture.class).fixture;
        if (f.kind() != store) {
            throw new ParameterResolutionException("this test already has a " + f.kind().displayName() + " fixture, not " + store.displayName());
        }
        if (type == Sync.class) {
            return f.sync();
        }
        if (type == ManualClock.class) {
            return f.clock();
        }
        if (type == TestRoom.class) {
            return f.room();
        }
        return f;
    }

    /** Closes the fixture when the test's context closes (old and new JUnit 5 alike). */
    @SuppressWarnings("deprecation")
    private static final class Fixture implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final SyncFixture fixture;

        Fixture(SyncFixture fixture) {
            this.fixture = fixture;
        }

        @Override
        public void close() {
            fixture.close(); // idempotent
        }
    }

    // ---------------------------------------------------------------- @EveryStore

    @Override
    public boolean supportsTestTemplate(ExtensionContext ctx) {
        return ctx.getTestMethod().map(SyncExtension::isEveryStore).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext ctx) {
        EveryStore every = AnnotationSupport.findAnnotation(ctx.getRequiredTestMethod(), EveryStore.class).orElseThrow();
        if (every.value().length == 0) {
            throw new IllegalArgumentException("@EveryStore on " + ctx.getRequiredTestMethod().getName() + " names no store");
        }
        return new LinkedHashSet<>(Arrays.asList(every.value())).stream().map(StoreRun::new);
    }

    /** One run of an {@code @EveryStore} method, on one store: skipped, saying why, when the store cannot run. */
    private static final class StoreRun implements TestTemplateInvocationContext, ParameterResolver, ExecutionCondition {
        private final TestStore store;

        StoreRun(TestStore store) {
            this.store = store;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + store.displayName() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ctx) {
            return store.unavailable().map(ConditionEvaluationResult::disabled)
                    .orElseGet(() -> ConditionEvaluationResult.enabled(store.displayName() + " can run"));
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
            return TYPES.contains(p.getParameter().getType());
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
            return resolve(p, ctx, store);
        }
    }
}
