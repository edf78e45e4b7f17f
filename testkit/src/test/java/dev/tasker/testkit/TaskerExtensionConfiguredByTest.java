package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tasker.api.StepHandlerResult;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A registered extension runs its setup on every test's own environment. */
class TaskerExtensionConfiguredByTest {
    private static final AtomicReference<String> PREVIOUS_URL = new AtomicReference<>("");

    @RegisterExtension
    static final TaskerExtension TASKER =
            TaskerExtension.configuredBy(env -> env.templateYaml(Templates.oneStep("{max_attempts: 1}", 10))
                    .handler("work", ctx -> StepHandlerResult.success(Map.of("ok", true))));

    @Test
    void the_setup_configures_the_environment(TaskerTestEnvironment env) {
        env.assertComplete(env.run("tests", "one", Map.of()));
        assertNotEquals(PREVIOUS_URL.getAndSet(env.jdbcUrl()), env.jdbcUrl());
    }

    @Test
    void each_test_gets_its_own_database(TaskerTestEnvironment env) {
        assertEquals(0, env.tasker().stats().liveTasks());
        assertNotEquals(PREVIOUS_URL.getAndSet(env.jdbcUrl()), env.jdbcUrl());
    }
}
