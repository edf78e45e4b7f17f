package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@TaskerTest
class RetriesInSimulatedTimeTest {

    private static void workAnswers(TaskerTestEnvironment env, String retry) {
        env.templateYaml(Templates.oneStep(retry, 30))
                .handler("work", ctx -> StepHandlerResult.success(Map.of("attempt", ctx.attempt())));
    }

    @Test
    void exponential_backoff_of_minutes_completes_after_exactly_the_backoff_total_of_simulated_time(
            TaskerTestEnvironment env) {
        workAnswers(env, "{max_attempts: 4, backoff: exponential, backoff_base_ms: 60000, max_backoff_ms: 600000}");
        env.inject("work").failTimes(3);

        TaskSnapshot done = env.assertComplete(env.run("tests", "one", Map.of()));

        assertEquals(4, done.step("work").attempts());
        assertEquals(Duration.ofMinutes(1 + 2 + 4), env.elapsed(), "the clock jumped over each backoff, no further");
        assertEquals(
                List.of(0L, 1L, 3L, 7L),
                env.invocations("work").stream()
                        .map(i -> Duration.between(env.invocations().get(0).at(), i.at())
                                .toMinutes())
                        .toList(),
                "each attempt started when its backoff ended");
    }

    @Test
    void fail_times_fails_that_many_attempts_retryably_then_runs_the_real_handler(TaskerTestEnvironment env) {
        workAnswers(env, "{max_attempts: 3, backoff: linear, backoff_base_ms: 500}");
        env.inject("work").failTimes(2);

        TaskSnapshot done = env.assertComplete(env.run("tests", "one", Map.of()));

        assertEquals(3, env.result(done, "work", Map.class).get("attempt"), "the real handler ran on attempt 3");
        assertEquals(
                List.of(Invocation.Kind.FAILURE, Invocation.Kind.FAILURE, Invocation.Kind.HANDLER),
                env.invocations("work").stream().map(Invocation::kind).toList());
        assertEquals(Duration.ofMillis(500 + 1000), env.elapsed());
    }

    @Test
    void failures_beyond_max_attempts_leave_the_step_in_error_without_running_the_handler(TaskerTestEnvironment env) {
        workAnswers(env, "{max_attempts: 3, backoff: exponential, backoff_base_ms: 1000}");
        env.inject("work").failTimes(5);

        TaskSnapshot done = env.run("tests", "one", Map.of());

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.ERROR, done.step("work").state());
        assertEquals(3, done.step("work").attempts());
        assertEquals(
                "retryable_error", done.step("work").error().get("error_type").asText());
        assertEquals(
                3,
                env.invocations("work").stream()
                        .filter(i -> i.kind() == Invocation.Kind.FAILURE)
                        .count());
        assertEquals(Duration.ofSeconds(1 + 2), env.elapsed());
    }

    @Test
    void advance_stops_at_each_wake_up_so_retries_keep_their_own_times(TaskerTestEnvironment env) {
        workAnswers(env, "{max_attempts: 3, backoff: linear, backoff_base_ms: 1000}");
        env.inject("work").failTimes(2);
        env.submit(dev.tasker.engine.TaskRequest.of("tests", "one", Map.of()));

        env.advance(Duration.ofSeconds(10));

        assertEquals(
                List.of(0L, 1000L, 3000L),
                env.invocations("work").stream()
                        .map(i -> Duration.between(env.invocations().get(0).at(), i.at())
                                .toMillis())
                        .toList());
        assertEquals(Duration.ofSeconds(10), env.elapsed());
    }

    @Test
    void advance_to_next_wake_up_moves_the_clock_to_the_pending_retry(TaskerTestEnvironment env) {
        workAnswers(env, "{max_attempts: 2, backoff: exponential, backoff_base_ms: 4000}");
        env.inject("work").failTimes(1);
        java.util.UUID id = env.submit(dev.tasker.engine.TaskRequest.of("tests", "one", Map.of()));
        env.awaitIdle();
        assertEquals(StepState.WAITING_FOR_RETRY, env.task(id).step("work").state());

        assertEquals(
                env.clock().instant().plusSeconds(4), env.advanceToNextWakeUp().orElseThrow());

        assertEquals(TaskState.COMPLETE, env.task(id).state());
        assertEquals(Duration.ofSeconds(4), env.elapsed());
    }
}
