package dev.tasker.testkit;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit Jupiter extension (5.10 and later, 6.x) behind {@link TaskerTest}: gives each test its own {@link TaskerTestEnvironment}
 * (as a parameter of the test method and of its {@code @BeforeEach} / {@code @AfterEach} methods) and
 * closes it after the test, failing the test if a handler outlives the engine.
 *
 * <p>Use {@code @TaskerTest} (or {@code @ExtendWith(TaskerExtension.class)}), or register it with a setup
 * that runs for every test, for handlers that need constructor arguments:
 * <pre>{@code
 * @RegisterExtension
 * static final TaskerExtension TASKER = TaskerExtension.configuredBy(env -> env
 *         .classpathTemplates("tasker/templates")
 *         .handlers(new CartHandlers(new FakePaymentGateway())));
 * }</pre>
 * Use one of the two on a class, not both. A {@code @TaskerTest} annotation on the class (or an enclosing
 * class) is applied first, then the setup.
 */
public final class TaskerExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TaskerExtension.class);
    private static final String KEY = "environment";

    private final Consumer<TaskerTestEnvironment> setup;

    /** An extension configured by the test class's {@link TaskerTest} annotation only. */
    public TaskerExtension() {
        this(env -> {});
    }

    private TaskerExtension(Consumer<TaskerTestEnvironment> setup) {
        this.setup = setup;
    }

    /** An extension that also runs {@code setup} on each test's environment (after {@link TaskerTest}). */
    public static TaskerExtension configuredBy(Consumer<TaskerTestEnvironment> setup) {
        return new TaskerExtension(Objects.requireNonNull(setup, "setup"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TaskerTestEnvironment.class;
    }

    // getOrComputeIfAbsent, not computeIfAbsent: the latter appeared in JUnit 6 (NoSuchMethodError on 5.x);
    // the former is in every Jupiter from 5.0 on and still in 6 (deprecated there), so one jar serves both.
    @Override
    @SuppressWarnings("deprecation")
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a TaskerTestEnvironment belongs to one test: take it as a "
                    + "parameter of a @Test, @BeforeEach or @AfterEach method, not of a constructor or @BeforeAll");
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, k -> create(context), TaskerTestEnvironment.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TaskerTestEnvironment env = context.getStore(NAMESPACE).remove(KEY, TaskerTestEnvironment.class);
        if (env != null) {
            env.close();
        }
    }

    private TaskerTestEnvironment create(ExtensionContext context) {
        TaskerTestEnvironment env = TaskerTestEnvironment.create();
        try {
            TaskerTest config = annotation(context.getRequiredTestClass());
            if (config != null) {
                apply(config, env);
            }
            setup.accept(env);
        } catch (RuntimeException | Error e) {
            env.close();
            throw e;
        }
        return env;
    }

    private static TaskerTest annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            TaskerTest a = c.getAnnotation(TaskerTest.class);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private static void apply(TaskerTest config, TaskerTestEnvironment env) {
        if (config.classpathTemplates().length > 0) {
            env.classpathTemplates(config.classpathTemplates());
        }
        for (String file : config.templateFiles()) {
            env.templates(Path.of(file));
        }
        for (Class<?> type : config.handlers()) {
            env.handlers(instantiate(type));
        }
        if (!config.environment().isEmpty()) {
            env.environment(config.environment());
        }
        env.strictTemplates(config.strictTemplates());
        env.timeout(Duration.ofSeconds(config.timeoutSeconds()));
    }

    private static Object instantiate(Class<?> type) {
        try {
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ParameterResolutionException(
                    "@TaskerTest(handlers = " + type.getSimpleName() + ".class): "
                            + "cannot make one with a no-argument constructor (" + e + "); register it with "
                            + "TaskerExtension.configuredBy(env -> env.handlers(...)) instead",
                    e);
        }
    }
}
