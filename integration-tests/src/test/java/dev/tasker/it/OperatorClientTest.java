package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.ErrorType;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.HandlerResolutionException;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerClient;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The operator client ({@code buildClient()}): it needs no handlers, cannot submit, and its actions reach the
 * application's engine through the database; the deprecated {@code operatorMode()} still builds an engine that
 * runs nothing.
 */
class OperatorClientTest {
    private static final String TEMPLATE = """
            name: repair
            namespace_name: ops
            version: 1.0.0
            steps:
              - {name: charge, handler: {callable: ops.charge}}
            """;

    private final String url = TestEngines.memoryUrl();

    @Test
    void a_client_needs_no_handler_for_its_templates_where_an_engine_refuses_to_build() {
        assertThrows(
                HandlerResolutionException.class,
                () -> Tasker.builder()
                        .jdbcUrl(url)
                        .templateYaml(TEMPLATE, "repair.yaml")
                        .build()
                        .close());
        try (TaskerClient client = Tasker.builder()
                .jdbcUrl(url)
                .templateYaml(TEMPLATE, "repair.yaml")
                .buildClient()) {
            assertEquals(1, client.templates().all().size());
            assertEquals(0, client.tasks(TaskQuery.all()).size());
        }
    }

    @Test
    void a_client_offers_no_submit() {
        assertFalse(Tasker.class.isAssignableFrom(TaskerClient.class), "a client is not a Tasker");
        assertTrue(
                Arrays.stream(TaskerClient.class.getMethods())
                        .map(Method::getName)
                        .noneMatch(n -> n.equals("submit") || n.equals("handle")),
                "no submit, no handle");
        try (TaskerClient client = Tasker.builder().jdbcUrl(url).buildClient()) {
            assertFalse(client instanceof Tasker, "the object built is no Tasker either");
        }
    }

    @Test
    void a_client_repairs_a_failed_task_that_the_engine_then_runs_to_completion() {
        UUID id;
        try (Tasker engine = engine(false)) {
            id = engine.submit(TaskRequest.of("ops", "repair", Map.of()))
                    .await(TestEngines.AWAIT)
                    .taskId();
            assertEquals(
                    StepState.ERROR,
                    engine.task(id).orElseThrow().steps().get(0).state());
        }
        try (TaskerClient client = Tasker.builder()
                .jdbcUrl(url)
                .templateYaml(TEMPLATE, "repair.yaml")
                .buildClient()) {
            client.resetStep(id, "charge", "alice", "card fixed");
            TaskSnapshot reset = client.task(id).orElseThrow();
            assertEquals(StepState.PENDING, reset.steps().get(0).state());
            assertTrue(client.audit(id).steps().stream().anyMatch(t -> "alice".equals(t.actor())));
        }
        try (Tasker engine = engine(true)) {
            assertEquals(
                    TaskState.COMPLETE,
                    engine.handle(id).await(TestEngines.AWAIT).state());
        }
    }

    @SuppressWarnings("deprecation")
    @Test
    void the_deprecated_operator_mode_still_builds_an_engine_that_acts_and_runs_nothing() {
        UUID id;
        try (Tasker engine = engine(false)) {
            id = engine.submit(TaskRequest.of("ops", "repair", Map.of()))
                    .await(TestEngines.AWAIT)
                    .taskId();
        }
        try (Tasker operator = Tasker.builder()
                .operatorMode()
                .jdbcUrl(url)
                .templateYaml(TEMPLATE, "repair.yaml")
                .build()) {
            operator.resetStep(id, "charge", "bob", "retry it");
            assertEquals(
                    StepState.PENDING,
                    operator.task(id).orElseThrow().steps().get(0).state());
            assertEquals(0, operator.stats().runningSteps());
            await().during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> operator.task(id).orElseThrow().steps().get(0).state() == StepState.PENDING);
        }
    }

    private Tasker engine(boolean succeeds) {
        return Tasker.builder()
                .jdbcUrl(url)
                .clock(new ManualClock())
                .templateYaml(TEMPLATE, "repair.yaml")
                .handler(
                        "ops.charge",
                        ctx -> succeeds
                                ? StepHandlerResult.success(Map.of("ok", true))
                                : StepHandlerResult.failure("card declined", ErrorType.PERMANENT_ERROR, false))
                .build();
    }
}
