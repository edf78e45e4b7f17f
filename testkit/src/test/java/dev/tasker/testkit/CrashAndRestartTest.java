package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SPEC §6 in the kit: a crash at a chosen step; finished steps never run again, the crashed attempt counts. */
@TaskerTest
class CrashAndRestartTest {
    private static final List<String> STEPS = List.of("a", "b", "c", "d");

    /** Real executions of each step's handler (the kit's injected calls are not counted here). */
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    private void chain(TaskerTestEnvironment env) {
        env.templateYaml(Templates.chain());
        for (String step : STEPS) {
            env.handler(step, ctx -> {
                executions.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
                int before = ctx.getDependencyResult(previous(step)) == null
                        ? 0
                        : ctx.getDependencyField(previous(step), "sum").asInt();
                return StepHandlerResult.success(Map.of("sum", before + ctx.attempt()));
            });
        }
    }

    private static String previous(String step) {
        int i = STEPS.indexOf(step);
        return i == 0 ? "none" : STEPS.get(i - 1);
    }

    private int executed(String step) {
        AtomicInteger n = executions.get(step);
        return n == null ? 0 : n.get();
    }

    @Test
    void a_crash_at_a_chosen_step_completes_the_task_without_rerunning_finished_steps(TaskerTestEnvironment env) {
        chain(env);
        env.crashAt("c");
        Tasker first = env.tasker();

        TaskSnapshot done = env.assertComplete(env.run("tests", "chain", Map.of()));

        assertEquals(1, env.restarts());
        assertNotSame(first, env.tasker(), "a new engine finished the task");
        assertEquals(1, executed("a"), "completed before the crash: ran once");
        assertEquals(1, executed("b"), "completed before the crash: ran once");
        assertEquals(
                List.of(1, 1), List.of(done.step("a").attempts(), done.step("b").attempts()));
        assertEquals(
                List.of(Invocation.Kind.CRASH, Invocation.Kind.HANDLER),
                env.invocations("c").stream().map(Invocation::kind).toList(),
                "c was killed, then ran after restart");
        assertEquals(2, done.step("c").attempts(), "the crashed attempt was counted");
        assertEquals(1, executed("c"));
        assertEquals(1, executed("d"));
        assertEquals(1 + 1 + 2 + 1, done.step("d").result().get("sum").asInt(), "results flowed across the restart");
        assertEquals(Duration.ZERO, env.elapsed(), "recovery runs the interrupted step at once");
    }

    @Test
    void every_step_but_the_crashed_one_runs_exactly_once_wherever_the_crash_is(TaskerTestEnvironment env) {
        chain(env);
        env.crashAt("a").crashAt("d");

        TaskSnapshot done = env.assertComplete(env.run("tests", "chain", Map.of()));

        assertEquals(2, env.restarts());
        assertEquals(
                List.of(2, 1, 1, 2),
                STEPS.stream().map(s -> done.step(s).attempts()).toList());
        assertEquals(List.of(1, 1, 1, 1), STEPS.stream().map(this::executed).toList());
    }

    @Test
    void the_crashed_attempt_counts_against_max_attempts(TaskerTestEnvironment env) {
        env.templateYaml(Templates.oneStep("{max_attempts: 1}", 30))
                .handler("work", ctx -> StepHandlerResult.success(Map.of()));
        env.crashAt("work");

        TaskSnapshot done = env.run("tests", "one", Map.of());

        assertEquals(StepState.ERROR, done.step("work").state(), env.describe(done));
        assertEquals(1, done.step("work").attempts(), "the crashed attempt was its only one");
        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state());
        assertEquals(
                List.of(Invocation.Kind.CRASH),
                env.invocations("work").stream().map(Invocation::kind).toList());
    }

    @Test
    void a_retry_waiting_at_the_crash_keeps_its_time_after_the_restart(TaskerTestEnvironment env) {
        env.templateYaml(Templates.oneStep("{max_attempts: 2, backoff: exponential, backoff_base_ms: 10000}", 30))
                .handler("work", ctx -> StepHandlerResult.success(Map.of("attempt", ctx.attempt())));
        env.inject("work").failTimes(1);
        UUID id = env.submit(TaskRequest.of("tests", "one", Map.of()));
        env.awaitIdle();
        assertEquals(StepState.WAITING_FOR_RETRY, env.task(id).step("work").state());

        env.crashAndRestart();
        TaskSnapshot done = env.runToCompletion(id);

        assertEquals(TaskState.COMPLETE, done.state(), env.describe(done));
        assertEquals(2, done.step("work").attempts());
        assertEquals(Duration.ofSeconds(10), env.elapsed());
        assertEquals(1, env.restarts());
    }
}
