package dev.tasker.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.TaskerHealth;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Boot 4's health module (spring-boot-health); the Boot 3.5 run leaves this class out. Boot 3.5's Actuator, which
 * the starter compiles against for {@link TaskerBoot3HealthIndicator}, is hidden as it is from a Boot 4 application.
 */
class TaskerHealthAutoConfigurationTest {
    static final String BOOT_3_HEALTH = "org.springframework.boot.actuate.health";

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        TaskerAutoConfiguration.class,
                        TaskerHealthAutoConfiguration.class,
                        TaskerBoot3HealthAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(BOOT_3_HEALTH))
                .withPropertyValues("tasker.database.h2-file=" + dir.resolve("tasker"));
    }

    @Test
    void the_health_indicator_reports_the_engines_health_and_parts() {
        runner().run(context -> {
            assertTrue(context.getBeansOfType(TaskerBoot3HealthIndicator.class).isEmpty());
            Health health = context.getBean("taskerHealthIndicator", HealthIndicator.class)
                    .health();
            assertEquals(Status.UP, health.getStatus(), health::toString);
            Map<String, Object> details = health.getDetails();
            assertEquals(context.getBean(ManagedTasker.class).nodeId(), details.get("node"));
            for (String part : new String[] {TaskerHealth.LOOP, TaskerHealth.STORE, TaskerHealth.HANDLERS}) {
                assertTrue(
                        details.get(part) instanceof Map<?, ?> m && "UP".equals(m.get("status")),
                        () -> part + " in " + details);
            }
            context.getBean(ManagedTasker.class).stop();
            assertEquals(
                    Status.DOWN,
                    context.getBean(TaskerHealthIndicator.class).health().getStatus());
        });
    }

    @Test
    void no_health_indicator_without_actuator() {
        runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertTrue(
                        context.getBeansOfType(TaskerHealthIndicator.class).isEmpty()));
    }

    @Test
    void no_health_indicator_when_turned_off() {
        runner().withPropertyValues("management.health.tasker.enabled=false")
                .run(context -> assertTrue(
                        context.getBeansOfType(TaskerHealthIndicator.class).isEmpty()));
    }
}
