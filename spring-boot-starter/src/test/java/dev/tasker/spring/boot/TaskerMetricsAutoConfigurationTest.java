package dev.tasker.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.micrometer.TaskerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With Micrometer and tasker-micrometer present, Boot's registry sees the engine's meters. */
class TaskerMetricsAutoConfigurationTest {
    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        TaskerMetricsAutoConfiguration.class,
                        TaskerAutoConfiguration.class))
                .withUserConfiguration(StarterHandlers.class)
                .withPropertyValues(
                        "tasker.templates=classpath:starter-test/templates",
                        "tasker.database.h2-file=" + dir.resolve("tasker"));
    }

    @Test
    void the_applications_registry_counts_the_steps_and_the_finished_task() {
        runner().run(context -> {
            assertNull(context.getStartupFailure());
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            TaskSnapshot task = TaskerAutoConfigurationTest.invoice(context.getBean(Tasker.class), 21);
            assertEquals(TaskState.COMPLETE, task.state(), task::toString);
            double started = registry.find(TaskerMetrics.STEP_STARTED).counters().stream()
                    .mapToDouble(Counter::count)
                    .sum();
            assertEquals(3.0, started, "check, price, notify: one attempt each");
            assertEquals(
                    1,
                    registry.get(TaskerMetrics.TASK_DURATION)
                            .tag("state", "complete")
                            .timer()
                            .count());
            assertEquals(
                    1.0,
                    registry.get(TaskerMetrics.STEP_STARTED)
                            .tag("step", "price")
                            .tag("template", "invoice")
                            .tag("namespace", "starter")
                            .counter()
                            .count());
        });
    }

    @Test
    void nothing_without_tasker_micrometer_and_the_engine_still_runs() {
        runner().withClassLoader(new FilteredClassLoader(TaskerMetrics.class)).run(context -> {
            assertNull(context.getStartupFailure());
            assertTrue(context.getBeansOfType(TaskerMetrics.class).isEmpty());
            TaskSnapshot task = TaskerAutoConfigurationTest.invoice(context.getBean(Tasker.class), 2);
            assertEquals(TaskState.COMPLETE, task.state(), task::toString);
        });
    }

    @Test
    void turned_off_by_property() {
        runner().withPropertyValues("tasker.metrics.enabled=false")
                .run(context ->
                        assertTrue(context.getBeansOfType(TaskerMetrics.class).isEmpty()));
    }
}
