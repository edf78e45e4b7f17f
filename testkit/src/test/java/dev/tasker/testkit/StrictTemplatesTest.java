package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.template.TemplateValidationException;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The kit loads templates strictly: a misspelled key, only a warning for a default engine, fails the test
 * with a message naming the key, where it is, and how to opt out.
 */
class StrictTemplatesTest {
    static final String MISSPELLED = """
            name: typo
            namespace_name: tests
            version: 1.0.0
            steps:
              - name: work
                handler: {callable: work}
                retry: {max_atempts: 7, backoff: none}
            """;

    @Nested
    @TaskerTest
    class ByDefault {
        @Test
        void a_misspelled_key_fails_the_engine_start_naming_the_key(TaskerTestEnvironment env) {
            env.templateYaml(MISSPELLED).handler("work", ctx -> StepHandlerResult.success(Map.of()));

            TemplateValidationException e = assertThrows(TemplateValidationException.class, env::tasker);

            assertTrue(e.getMessage().contains("max_atempts"), e.getMessage());
            assertTrue(e.getMessage().contains("test-template-1.yaml"), e.getMessage());
        }

        @Test
        void strict_mode_can_be_turned_off_per_test(TaskerTestEnvironment env) {
            env.templateYaml(MISSPELLED)
                    .handler("work", ctx -> StepHandlerResult.success(Map.of()))
                    .strictTemplates(false);

            assertEquals(TaskState.COMPLETE, env.run("tests", "typo", Map.of()).state());
        }

        @Test
        void or_through_the_builder_customizer(TaskerTestEnvironment env) {
            env.templateYaml(MISSPELLED)
                    .handler("work", ctx -> StepHandlerResult.success(Map.of()))
                    .configure(b -> b.strictTemplates(false));

            assertEquals(TaskState.COMPLETE, env.run("tests", "typo", Map.of()).state());
        }
    }

    @Nested
    @TaskerTest(strictTemplates = false)
    class OptedOutByTheAnnotation {
        @Test
        void the_misspelled_key_is_only_a_warning(TaskerTestEnvironment env) {
            env.templateYaml(MISSPELLED).handler("work", ctx -> StepHandlerResult.success(Map.of()));

            assertEquals(TaskState.COMPLETE, env.run("tests", "typo", Map.of()).state());
        }
    }

    @Test
    void an_environment_made_by_hand_is_strict_too() {
        try (TaskerTestEnvironment env = TaskerTestEnvironment.create()) {
            env.templateYaml(MISSPELLED).handler("work", ctx -> StepHandlerResult.success(Map.of()));

            assertThrows(TemplateValidationException.class, env::tasker);
        }
    }
}
