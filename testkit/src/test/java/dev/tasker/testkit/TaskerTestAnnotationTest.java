package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tasker.api.Config;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @TaskerTest} configures each test's environment: classpath templates, handler classes, environment. */
@TaskerTest(
        classpathTemplates = "kit-templates",
        handlers = TaskerTestAnnotationTest.Greeter.class,
        environment = "test",
        timeoutSeconds = 5)
class TaskerTestAnnotationTest {
    private TaskerTestEnvironment fromBeforeEach;

    static final class Greeter {
        @Handler("greet")
        public Map<String, String> greet(@Config("greeting") String greeting, @Input("name") String name) {
            return Map.of("text", greeting + ", " + name);
        }
    }

    @BeforeEach
    void remember(TaskerTestEnvironment env) {
        fromBeforeEach = env;
    }

    @Test
    void templates_handlers_and_environment_come_from_the_annotation(TaskerTestEnvironment env) {
        var done = env.assertComplete(env.run("kit", "greet", Map.of("name", "ann")));

        assertEquals(
                "hi from the test environment, ann",
                done.step("greet").result().get("text").asText());
    }

    @Test
    void before_each_and_the_test_share_one_environment(TaskerTestEnvironment env) {
        assertSame(fromBeforeEach, env);
    }
}
