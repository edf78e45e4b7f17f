package dev.tasker.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What differs on Boot 3.5: the starter's tests run here too (see the pom). */
class Boot35Test {
    @TempDir
    Path dir;

    @Test
    void these_tests_run_on_spring_boot_3_5() {
        assertTrue(SpringBootVersion.getVersion().startsWith("3.5."), SpringBootVersion.getVersion());
    }

    @Test
    void every_auto_configuration_loads_and_the_boot_3_health_indicator_reports() {
        runner().run(context -> {
            assertNull(context.getStartupFailure());
            Tasker tasker = context.getBean(Tasker.class);
            TaskState state = tasker.submit(TaskRequest.of("starter", "invoice", Map.of("amount", 3)))
                    .await(Duration.ofSeconds(20))
                    .state();
            assertEquals(TaskState.COMPLETE, state);
            // One indicator, Boot 3's: Boot 4's backs off (no spring-boot-health on 3.5).
            Map<String, HealthIndicator> indicators = context.getBeansOfType(HealthIndicator.class);
            assertEquals(1, indicators.size(), indicators::toString);
            Health health = indicators.get("taskerHealthIndicator").health();
            assertEquals(Status.UP, health.getStatus(), health::toString);
            assertEquals(tasker.nodeId(), health.getDetails().get("node"));
            assertTrue(
                    health.getDetails().get("loop") instanceof Map<?, ?> loop && "UP".equals(loop.get("status")),
                    health::toString);
            context.getBean(ManagedTasker.class).stop();
            assertEquals(
                    Status.DOWN,
                    indicators.get("taskerHealthIndicator").health().getStatus());
        });
    }

    @Test
    void the_health_indicator_is_off_when_turned_off() {
        runner().withPropertyValues("management.health.tasker.enabled=false")
                .run(context ->
                        assertTrue(context.getBeansOfType(HealthIndicator.class).isEmpty()));
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        TaskerAutoConfiguration.class,
                        TaskerHealthAutoConfiguration.class,
                        TaskerBoot3HealthAutoConfiguration.class))
                .withUserConfiguration(StarterHandlers.class)
                .withPropertyValues(
                        "tasker.templates=classpath:starter-test/templates",
                        "tasker.database.h2-file=" + dir.resolve("tasker"));
    }
}
