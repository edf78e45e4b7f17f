package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.PermanentError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@TaskerTest
class FaultInjectionTest {
    private final AtomicInteger realRuns = new AtomicInteger();

    private void oneStep(TaskerTestEnvironment env, String retry, int timeoutSeconds) {
        env.templateYaml(Templates.oneStep(retry, timeoutSeconds)).handler("work", ctx -> {
            realRuns.incrementAndGet();
            return StepHandlerResult.success(Map.of("attempt", ctx.attempt()));
        });
    }

    private static List<Invocation.Kind> kinds(TaskerTestEnvironment env, String step) {
        return env.invocations(step).stream().map(Invocation::kind).toList();
    }

    @Test
    void throwing_a_permanent_error_fails_the_step_on_its_first_attempt(TaskerTestEnvironment env) {
        oneStep(env, "{max_attempts: 3}", 30);
        env.inject("work").throwing(new PermanentError("card declined"));

        TaskSnapshot done = env.run("tests", "one", Map.of());

        assertEquals(StepState.ERROR, done.step("work").state(), env.describe(done));
        assertEquals(1, done.step("work").attempts());
        assertEquals(
                "permanent_error", done.step("work").error().get("error_type").asText());
        assertEquals("card declined", done.step("work").error().get("message").asText());
        assertEquals(0, realRuns.get());
    }

    @Test
    void throwing_an_ordinary_exception_once_is_retried_as_a_handler_error(TaskerTestEnvironment env) {
        oneStep(env, "{max_attempts: 2, backoff: none}", 30);
        env.inject("work").throwTimes(1, new IllegalStateException("boom"));

        env.assertComplete(env.run("tests", "one", Map.of()));

        assertEquals(List.of(Invocation.Kind.EXCEPTION, Invocation.Kind.HANDLER), kinds(env, "work"));
        assertEquals(1, realRuns.get());
    }

    @Test
    void a_hang_is_interrupted_when_the_clock_passes_timeout_seconds_and_the_retry_runs(TaskerTestEnvironment env) {
        oneStep(env, "{max_attempts: 2, backoff: none}", 45);
        env.inject("work").hangTimes(1);

        TaskSnapshot done = env.assertComplete(env.run("tests", "one", Map.of()));

        assertEquals(2, done.step("work").attempts());
        assertEquals(Duration.ofSeconds(45), env.elapsed(), "the clock moved to the timeout, and no further");
        assertEquals(List.of(Invocation.Kind.HANG, Invocation.Kind.HANDLER), kinds(env, "work"));
        assertEquals(
                Duration.ofSeconds(45),
                Duration.between(
                        env.invocations("work").get(0).at(),
                        env.invocations("work").get(1).at()));
    }

    @Test
    void a_hang_on_every_attempt_ends_in_error_with_a_timeout(TaskerTestEnvironment env) {
        oneStep(env, "{max_attempts: 2, backoff: exponential, backoff_base_ms: 1000}", 5);
        env.inject("work").hang();

        TaskSnapshot done = env.run("tests", "one", Map.of());

        assertEquals(StepState.ERROR, done.step("work").state(), env.describe(done));
        assertEquals("timeout", done.step("work").error().get("error_type").asText());
        assertEquals(Duration.ofSeconds(5 + 1 + 5), env.elapsed(), "timeout, backoff, timeout");
        assertEquals(0, realRuns.get());
    }

    /**
     * The race behind a flaky run: at the timeout the engine frees the attempt's slot but holds the retry (due at
     * once) back until the interrupted handler returns, so for a while it counts nothing running or queued and
     * has no wake-up. Here the handler returns only after the kit has looked at the engine many times (each look
     * ticks the clock by zero), as a busy machine can make it; the kit must wait for it, not stop there.
     */
    @Test
    void a_handler_slow_to_return_after_its_timeout_is_waited_for_and_the_retry_runs(TaskerTestEnvironment env)
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayReturn = new CountDownLatch(1);
        env.templateYaml(Templates.oneStep("{max_attempts: 2, backoff: none}", 10))
                .handler("work", ctx -> {
                    if (ctx.attempt() == 1) {
                        started.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            mayReturn.await();
                            throw e;
                        }
                    }
                    return StepHandlerResult.success(Map.of("attempt", ctx.attempt()));
                });
        UUID id = env.submit(TaskRequest.of("tests", "one", Map.of()));
        assertTrue(started.await(10, TimeUnit.SECONDS), "attempt 1 started");
        AtomicInteger looks = new AtomicInteger();
        env.clock().onChange(() -> {
            if (looks.incrementAndGet() == 20) {
                mayReturn.countDown();
            }
        });
        env.clock().advance(Duration.ofSeconds(10)); // attempt 1 times out; its handler is slow to return

        TaskSnapshot done;
        try {
            done = env.runToCompletion(id);
        } finally {
            mayReturn.countDown();
        }

        env.assertComplete(done);
        assertTrue(looks.get() >= 20, "the kit looked " + looks.get() + " time(s) before the handler returned");
        assertEquals(2, env.result(done, "work", Map.class).get("attempt"));
        assertEquals(1, env.tasker().stats().interruptedHandlers());
        assertEquals(Duration.ofSeconds(10), env.elapsed(), "the clock moved to the timeout, and no further");
    }

    @Test
    void faults_apply_in_order_then_the_real_handler_runs(TaskerTestEnvironment env) {
        oneStep(env, "{max_attempts: 4, backoff: none}", 10);
        env.inject("work").failTimes(1).hangTimes(1).throwTimes(1, new IllegalArgumentException("odd"));

        TaskSnapshot done = env.assertComplete(env.run("tests", "one", Map.of()));

        assertEquals(
                List.of(
                        Invocation.Kind.FAILURE,
                        Invocation.Kind.HANG,
                        Invocation.Kind.EXCEPTION,
                        Invocation.Kind.HANDLER),
                kinds(env, "work"));
        assertEquals(4, env.result(done, "work", Map.class).get("attempt"));
        assertEquals(
                List.of(1, 2, 3, 4),
                env.invocations("work").stream().map(Invocation::attempt).toList());
    }

    @Test
    void faults_touch_only_the_named_step(TaskerTestEnvironment env) {
        AtomicInteger runs = new AtomicInteger();
        env.templateYaml(Templates.chain());
        for (String step : List.of("a", "b", "c", "d")) {
            env.handler(step, ctx -> StepHandlerResult.success(Map.of("n", runs.incrementAndGet())));
        }
        env.inject("c").failTimes(1);

        TaskSnapshot done = env.assertComplete(env.run("tests", "chain", Map.of()));

        assertEquals(
                List.of(1, 1, 2, 1),
                List.of("a", "b", "c", "d").stream()
                        .map(s -> done.step(s).attempts())
                        .toList());
        assertEquals(4, runs.get());
    }

    @Test
    void reset_forgets_the_faults_not_used_yet(TaskerTestEnvironment env) {
        oneStep(env, "{max_attempts: 1}", 10);
        env.inject("work").failTimes(3).reset();

        env.assertComplete(env.run("tests", "one", Map.of()));

        assertEquals(List.of(Invocation.Kind.HANDLER), kinds(env, "work"));
    }

    @Test
    void nothing_may_follow_a_fault_on_every_call(TaskerTestEnvironment env) {
        StepFaults faults = env.inject("work").hang();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> faults.failTimes(1));
        assertTrue(e.getMessage().contains("already fails on every call"), e.getMessage());
    }

    @Test
    void a_task_blocked_by_a_failure_is_returned_as_settled(TaskerTestEnvironment env) {
        env.templateYaml(Templates.chain());
        for (String step : List.of("a", "b", "c", "d")) {
            env.handler(step, ctx -> StepHandlerResult.success(Map.of()));
        }
        env.inject("b").throwing(new PermanentError("no"));

        TaskSnapshot done = env.run("tests", "chain", Map.of());

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state());
        assertEquals(StepState.PENDING, done.step("c").state());
        AssertionError e = assertThrows(AssertionError.class, () -> env.assertComplete(done));
        assertTrue(e.getMessage().contains("b: error, 1/2 attempt(s), last error permanent_error: no"), e.getMessage());
    }
}
