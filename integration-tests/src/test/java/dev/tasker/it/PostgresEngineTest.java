package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.ErrorType;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine end to end on PostgreSQL (a fresh schema per test on the server TASKER_TEST_POSTGRES_URL
 * names): the reference's linear and diamond fixtures, a retry driven by the manual clock, and a second
 * engine reading back what the first one stored.
 */
class PostgresEngineTest {
    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    private final ManualClock clock = new ManualClock();

    private TaskerBuilder builder() {
        return Tasker.builder()
                .jdbcUrl(database.url())
                .clock(clock)
                .backoffJitter(0)
                .poolSize(2);
    }

    private Tasker conformanceEngine() {
        return MathHandlers.register(builder()
                        .templates(
                                Conformance.python("linear_workflow_handler_py.yaml"),
                                Conformance.python("diamond_workflow_handler_py.yaml")))
                .build();
    }

    @Test
    void linear_workflow_of_six_ends_at_69() {
        try (Tasker tasker = conformanceEngine()) {
            Conformance.linearOfSixEndsAt69(tasker);
        }
    }

    @Test
    void diamond_workflow_of_six_ends_at_66_5() {
        try (Tasker tasker = conformanceEngine()) {
            Conformance.diamondOfSixEndsAt66_5(tasker);
        }
    }

    @Test
    void a_failing_step_is_retried_when_the_manual_clock_passes_its_backoff() {
        String template = RetryTest.template("{max_attempts: 3, backoff: exponential, backoff_base_ms: 1000}", null);
        try (Tasker tasker = builder()
                .templateYaml(template, "flaky.yaml")
                .handler(
                        "flaky",
                        ctx -> ctx.attempt() < 3
                                ? StepHandlerResult.failure("down", ErrorType.RETRYABLE_ERROR, true)
                                : StepHandlerResult.success(Map.of("attempt", ctx.attempt())))
                .build()) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            StepSnapshot first = Awaits.stepIn(tasker, h.taskId(), "work", StepState.WAITING_FOR_RETRY, 1);
            assertEquals(Duration.ofSeconds(1), Duration.between(first.lastAttemptedAt(), first.nextAttemptAt()));
            clock.advance(Duration.ofSeconds(1));
            StepSnapshot second = Awaits.stepIn(tasker, h.taskId(), "work", StepState.WAITING_FOR_RETRY, 2);
            assertEquals(Duration.ofSeconds(2), Duration.between(second.lastAttemptedAt(), second.nextAttemptAt()));
            clock.advance(Duration.ofSeconds(2));
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals(3, done.step("work").result().get("attempt").asInt());
            List<StepState> audit = tasker.audit(h.taskId()).step("work").stream()
                    .map(StepTransition::toState)
                    .toList();
            assertEquals(
                    List.of(
                            StepState.IN_PROGRESS,
                            StepState.WAITING_FOR_RETRY,
                            StepState.IN_PROGRESS,
                            StepState.WAITING_FOR_RETRY,
                            StepState.IN_PROGRESS,
                            StepState.COMPLETE),
                    audit);
        }
    }

    @Test
    void a_second_engine_on_the_same_schema_reads_the_finished_task_back() {
        TaskSnapshot settled;
        try (Tasker tasker = conformanceEngine()) {
            settled = tasker.submit(
                            TaskRequest.of("diamond_workflow_py", "parallel_computation_py", Map.of("even_number", 4)))
                    .await(TestEngines.AWAIT);
        }
        try (Tasker restarted = conformanceEngine()) {
            TaskSnapshot stored = restarted.task(settled.taskId()).orElseThrow();
            assertEquals(TaskState.COMPLETE, stored.state());
            assertEquals(
                    36.5, stored.step("diamond_end_py").result().get("result").asDouble());
            assertEquals(settled.steps().size(), stored.steps().size());
        }
    }
}
