package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.ErrorType;
import dev.tasker.api.PermanentError;
import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC §3 retries: the retry rule, the four backoff formulas, retry-after, timeouts, attempt numbers. */
class RetryTest {
    private final ManualClock clock = new ManualClock();

    static String template(String retry, Integer timeoutSeconds) {
        return """
                name: flaky
                namespace_name: retries
                version: 1.0.0
                steps:
                  - name: work
                    handler:
                      callable: flaky
                    retry: %s
                %s
                """.formatted(retry, timeoutSeconds == null ? "" : "    timeout_seconds: " + timeoutSeconds);
    }

    private Tasker engine(String retry, Integer timeout, StepHandler handler) {
        return TestEngines.builder(clock)
                .templateYaml(template(retry, timeout), "flaky.yaml")
                .handler("flaky", handler)
                .build();
    }

    private static TaskHandle submit(Tasker tasker) {
        return tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
    }

    @Test
    void max_attempts_one_fails_after_a_single_attempt() {
        try (Tasker tasker = engine("{max_attempts: 1}", null, ctx -> {
            throw new RetryableError("down");
        })) {
            TaskSnapshot s = submit(tasker).await(TestEngines.AWAIT);
            assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
            assertEquals(StepState.ERROR, s.step("work").state());
            assertEquals(1, s.step("work").attempts());
            assertEquals(
                    "retryable_error", s.step("work").error().get("error_type").asText());
        }
    }

    @Test
    void retries_stop_after_max_attempts_three_with_exponential_backoff() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        try (Tasker tasker = engine("{max_attempts: 3, backoff: exponential, backoff_base_ms: 1000}", null, ctx -> {
            seen.add(ctx.attempt());
            return StepHandlerResult.failure("still down", ErrorType.RETRYABLE_ERROR, true);
        })) {
            TaskHandle h = submit(tasker);
            StepSnapshot first = Awaits.stepIn(tasker, h.taskId(), "work", StepState.WAITING_FOR_RETRY, 1);
            assertEquals(Duration.ofSeconds(1), Duration.between(first.lastAttemptedAt(), first.nextAttemptAt()));
            clock.advance(Duration.ofSeconds(1));
            StepSnapshot second = Awaits.stepIn(tasker, h.taskId(), "work", StepState.WAITING_FOR_RETRY, 2);
            assertEquals(Duration.ofSeconds(2), Duration.between(second.lastAttemptedAt(), second.nextAttemptAt()));
            clock.advance(Duration.ofSeconds(2));
            TaskSnapshot s = h.await(TestEngines.AWAIT);
            assertEquals(StepState.ERROR, s.step("work").state());
            assertEquals(3, s.step("work").attempts());
            assertEquals(List.of(1, 2, 3), seen);
        }
    }

    @ParameterizedTest(name = "{0} backoff waits {1} ms, {2} ms, {3} ms, {4} ms")
    @CsvSource({
        "none,        0,    0,    0,    0",
        "linear,      500,  1000, 1500, 2000",
        "exponential, 500,  1000, 2000, 4000",
        "fibonacci,   500,  500,  1000, 1500",
    })
    void backoff_delays_follow_each_formula(String backoff, long d1, long d2, long d3, long d4) {
        try (Tasker tasker = engine(
                "{max_attempts: 5, backoff: " + backoff + ", backoff_base_ms: 500, max_backoff_ms: 60000}",
                null,
                ctx -> ctx.attempt() < 5
                        ? StepHandlerResult.failure("again", ErrorType.RETRYABLE_ERROR, true)
                        : StepHandlerResult.success(Map.of("attempt", ctx.attempt())))) {
            TaskHandle h = submit(tasker);
            long[] expected = {d1, d2, d3, d4};
            for (int failed = 1; failed <= 4 && expected[failed - 1] > 0; failed++) {
                StepSnapshot s = Awaits.stepIn(tasker, h.taskId(), "work", StepState.WAITING_FOR_RETRY, failed);
                assertEquals(
                        expected[failed - 1],
                        Duration.between(s.lastAttemptedAt(), s.nextAttemptAt()).toMillis(),
                        "delay after failure " + failed);
                clock.advance(Duration.ofMillis(expected[failed - 1] - 1));
                assertEquals(
                        failed,
                        tasker.task(h.taskId()).orElseThrow().step("work").attempts(),
                        "no attempt starts before the backoff has elapsed");
                clock.advance(Duration.ofMillis(1));
            }
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals(5, done.step("work").result().get("attempt").asInt());
        }
    }

    @Test
    void the_backoff_is_capped_by_max_backoff_ms() {
        try (Tasker tasker = engine(
                "{max_attempts: 2, backoff: exponential, backoff_base_ms: 90000, " + "max_backoff_ms: 5000}",
                null,
                ctx -> {
                    throw new RetryableError("busy");
                })) {
            TaskHandle h = submit(tasker);
            StepSnapshot s = Awaits.stepIn(tasker, h.taskId(), "work", StepState.WAITING_FOR_RETRY, 1);
            assertEquals(Duration.ofSeconds(5), Duration.between(s.lastAttemptedAt(), s.nextAttemptAt()));
        }
    }

    @Test
    void a_template_step_with_retryable_false_is_not_retried() {
        try (Tasker tasker = engine("{retryable: false, max_attempts: 3}", null, ctx -> {
            throw new RetryableError("down");
        })) {
            TaskSnapshot s = submit(tasker).await(TestEngines.AWAIT);
            assertEquals(StepState.ERROR, s.step("work").state());
            assertEquals(1, s.step("work").attempts());
        }
    }

    @Test
    void a_permanent_error_is_not_retried() {
        try (Tasker tasker = engine("{max_attempts: 3}", null, ctx -> {
            throw new PermanentError("card declined");
        })) {
            TaskSnapshot s = submit(tasker).await(TestEngines.AWAIT);
            assertEquals(StepState.ERROR, s.step("work").state());
            assertEquals(1, s.step("work").attempts());
            assertEquals(
                    "permanent_error", s.step("work").error().get("error_type").asText());
            assertEquals("card declined", s.step("work").error().get("message").asText());
        }
    }

    @Test
    void retry_after_replaces_the_computed_delay() {
        try (Tasker tasker = engine("{max_attempts: 2, backoff: exponential, backoff_base_ms: 1000}", null, ctx -> {
            if (ctx.attempt() == 1) {
                throw new RetryableError("rate limited", Duration.ofSeconds(7));
            }
            return StepHandlerResult.success(Map.of("ok", true));
        })) {
            TaskHandle h = submit(tasker);
            StepSnapshot s = Awaits.stepIn(tasker, h.taskId(), "work", StepState.WAITING_FOR_RETRY, 1);
            assertEquals(Duration.ofSeconds(7), Duration.between(s.lastAttemptedAt(), s.nextAttemptAt()));
            clock.advance(Duration.ofSeconds(6));
            assertEquals(
                    StepState.WAITING_FOR_RETRY,
                    tasker.task(h.taskId()).orElseThrow().step("work").state());
            clock.advance(Duration.ofSeconds(1));
            assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
        }
    }

    @Test
    void a_timed_out_attempt_is_interrupted_and_retried() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (Tasker tasker = engine("{max_attempts: 2, backoff: none}", 2, ctx -> {
            if (ctx.attempt() == 1) {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }
            return StepHandlerResult.success(Map.of("attempt", ctx.attempt()));
        })) {
            TaskHandle h = submit(tasker);
            assertTrue(started.await(20, TimeUnit.SECONDS));
            clock.advance(Duration.ofSeconds(2));
            assertTrue(interrupted.await(20, TimeUnit.SECONDS), "the hung handler was interrupted");
            TaskSnapshot s = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state());
            assertEquals(2, s.step("work").attempts());
            assertTrue(tasker.task(h.taskId()).isPresent());
        }
    }

    @Test
    void handlers_see_one_based_attempts_and_the_last_retry() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Tasker tasker = engine("{max_attempts: 3, backoff: none}", null, ctx -> {
            seen.add(ctx.attempt() + ":" + ctx.isRetry() + ":" + ctx.isLastRetry() + ":" + ctx.maxAttempts());
            if (ctx.attempt() < 3) {
                throw new RetryableError("again");
            }
            return StepHandlerResult.success(Map.of());
        })) {
            assertEquals(
                    TaskState.COMPLETE, submit(tasker).await(TestEngines.AWAIT).state());
            assertEquals(List.of("1:false:false:3", "2:true:false:3", "3:true:true:3"), seen);
        }
    }
}
