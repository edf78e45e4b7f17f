package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.HandlerResolutionException;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.UnknownTemplateException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error and the engine keeps serving other tasks. */
class BadInputTest {
    private final ManualClock clock = new ManualClock();

    private static final String TEMPLATE = """
            name: one
            namespace_name: bad
            version: 1.0.0
            steps:
              - name: work
                handler: {callable: %s}
                retry: {max_attempts: 1}
                timeout_seconds: 5
            """;

    private Tasker engine() {
        return TestEngines.builder(clock)
                .templateYaml(TEMPLATE.formatted("nulls"), "nulls.yaml")
                .templateYaml(TEMPLATE.formatted("errors").replace("name: one", "name: two"), "errors.yaml")
                .templateYaml(TEMPLATE.formatted("hangs").replace("name: one", "name: three"), "hangs.yaml")
                .templateYaml(TEMPLATE.formatted("fine").replace("name: one", "name: four"), "fine.yaml")
                .handler("nulls", ctx -> null)
                .handler("errors", ctx -> {
                    throw new StackOverflowError("deep");
                })
                .handler("hangs", ctx -> {
                    hanging.countDown();
                    new CountDownLatch(1).await();
                    return StepHandlerResult.success(Map.of());
                })
                .handler("fine", ctx -> StepHandlerResult.success(Map.of("ok", true)))
                .build();
    }

    private final CountDownLatch hanging = new CountDownLatch(1);

    private static TaskSnapshot run(Tasker tasker, String name) {
        return tasker.submit(TaskRequest.of("bad", name, Map.of())).await(TestEngines.AWAIT);
    }

    @Test
    void an_unknown_template_is_refused_naming_it_and_the_loaded_ones() {
        try (Tasker tasker = engine()) {
            UnknownTemplateException e = assertThrows(
                    UnknownTemplateException.class, () -> tasker.submit(TaskRequest.of("bad", "nope", Map.of())));
            assertTrue(
                    e.getMessage().contains("bad/nope") && e.getMessage().contains("bad/four/1.0.0"), e.getMessage());
            assertEquals(TaskState.COMPLETE, run(tasker, "four").state());
        }
    }

    @Test
    void a_handler_returning_null_fails_its_step_permanently_with_a_clear_message() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = run(tasker, "one");
            assertEquals(StepState.ERROR, s.step("work").state());
            assertTrue(s.step("work").error().get("message").asText().contains("returned null"));
            assertEquals(TaskState.COMPLETE, run(tasker, "four").state());
        }
    }

    @Test
    void a_handler_throwing_an_error_is_contained_to_its_step() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = run(tasker, "two");
            assertEquals(StepState.ERROR, s.step("work").state());
            assertEquals(
                    "handler_error", s.step("work").error().get("error_type").asText());
            assertTrue(s.step("work").error().get("message").asText().contains("StackOverflowError"));
            assertEquals(TaskState.COMPLETE, run(tasker, "four").state());
        }
    }

    @Test
    void a_handler_hanging_past_its_timeout_fails_as_timeout_while_others_run() throws InterruptedException {
        try (Tasker tasker = engine()) {
            TaskHandle h = tasker.submit(TaskRequest.of("bad", "three", Map.of()));
            assertTrue(hanging.await(20, TimeUnit.SECONDS));
            assertEquals(TaskState.COMPLETE, run(tasker, "four").state(), "other tasks run meanwhile");
            clock.advance(Duration.ofSeconds(5));
            TaskSnapshot s = h.await(TestEngines.AWAIT);
            assertEquals(StepState.ERROR, s.step("work").state());
            assertEquals("timeout", s.step("work").error().get("error_type").asText());
        }
    }

    @Test
    void an_unresolvable_callable_fails_the_build_naming_template_and_step() {
        HandlerResolutionException e = assertThrows(
                HandlerResolutionException.class,
                () -> TestEngines.builder(clock)
                        .templateYaml(TEMPLATE.formatted("com.example.Missing"), "missing.yaml")
                        .build());
        assertTrue(
                e.getMessage().contains("bad/one/1.0.0")
                        && e.getMessage().contains("'work'")
                        && e.getMessage().contains("com.example.Missing"),
                e.getMessage());
    }
}
