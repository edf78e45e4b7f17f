package dev.tasker.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.PermanentError;
import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.observe.AttemptObserver;
import dev.tasker.engine.observe.Instrumentation;
import dev.tasker.engine.observe.StepAttempt;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact meter counts on a real engine (H2 file, manual clock) after a diamond, a retried step and a failed task. */
class TaskerMetricsTest {
    static final Duration AWAIT = Duration.ofSeconds(30);
    static final String DIAMOND = """
            name: diamond
            namespace_name: metrics
            version: 1.0.0
            steps:
              - name: a
                handler: {callable: ok}
              - name: b
                handler: {callable: ok}
                dependencies: [a]
              - name: c
                handler: {callable: ok}
                dependencies: [a]
              - name: d
                handler: {callable: ok}
                dependencies: [b, c]
            """;
    static final String ONE_STEP = """
            name: single
            namespace_name: metrics
            version: 1.0.0
            steps:
              - name: work
                handler: {callable: work}
                retry: {max_attempts: 3, backoff: exponential, backoff_base_ms: 1000}
            """;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Tasker engine(StepHandler work, Instrumentation... instrumentations) {
        return Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("db"))
                .clock(clock)
                .backoffJitter(0)
                .templateYaml(DIAMOND, "diamond.yaml")
                .templateYaml(ONE_STEP, "single.yaml")
                .handler("ok", ctx -> StepHandlerResult.success(Map.of("ok", true)))
                .handler("work", work)
                .instrumentation(instrumentations)
                .build();
    }

    private double count(String name, String step, String outcome) {
        Meter.Id id = null;
        var search = registry.find(name).tag("step", step);
        if (outcome != null) {
            search = search.tag("outcome", outcome);
        }
        var timer = search.timer();
        if (timer != null) {
            return timer.count();
        }
        var counter = search.counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void a_diamond_counts_one_started_and_one_succeeded_attempt_per_step_and_one_complete_task() {
        try (Tasker tasker = engine(ctx -> StepHandlerResult.success(Map.of()), new TaskerMetrics(registry))) {
            TaskSnapshot s = tasker.submit(TaskRequest.of("metrics", "diamond", Map.of()))
                    .await(AWAIT);
            assertEquals(TaskState.COMPLETE, s.state());
            for (String step : new String[] {"a", "b", "c", "d"}) {
                assertEquals(1, count(TaskerMetrics.STEP_STARTED, step, null), step);
                assertEquals(1, count(TaskerMetrics.STEP_DURATION, step, "succeeded"), step);
                for (String other : new String[] {"retrying", "failed", "timed_out", "cancelled"}) {
                    assertEquals(0, count(TaskerMetrics.STEP_DURATION, step, other), step + " " + other);
                }
                assertEquals(1, count(TaskerMetrics.STEP_QUEUE_WAIT, step, null), step);
            }
            assertEquals(4, registry.find(TaskerMetrics.STEP_STARTED).counters().size());
            assertEquals(
                    1,
                    registry.get(TaskerMetrics.TASK_DURATION)
                            .tags("namespace", "metrics", "template", "diamond", "state", "complete")
                            .timer()
                            .count());
            assertEquals(1, registry.find(TaskerMetrics.TASK_DURATION).timers().size());
            assertEquals(
                    1,
                    registry.get(TaskerMetrics.TASK_SUBMITTED)
                            .tags("namespace", "metrics", "template", "diamond")
                            .counter()
                            .count());
            long commits = registry.get(TaskerMetrics.COMMIT_DURATION).timer().count();
            assertTrue(commits >= 3, "a diamond needs at least three commits, saw " + commits);
            assertEquals(
                    commits, registry.get(TaskerMetrics.COMMIT_ROWS).summary().count());
            // 4 step inserts + 3 edges... at least one row per step state change: rows are really counted
            assertTrue(registry.get(TaskerMetrics.COMMIT_ROWS).summary().totalAmount() >= 4 * 3);
            assertEquals(1, registry.get(TaskerMetrics.NODES_ALIVE).gauge().value());
            assertEquals(0, registry.get(TaskerMetrics.DLQ_PENDING).gauge().value());
            assertEquals(0, registry.get(TaskerMetrics.OUTBOX_BACKLOG).gauge().value());
            await().atMost(AWAIT)
                    .until(() -> registry.get(TaskerMetrics.TASKS_LIVE).gauge().value() == 0
                            && registry.get(TaskerMetrics.STEPS_RUNNING).gauge().value() == 0
                            && registry.get(TaskerMetrics.STEPS_READY).gauge().value() == 0);
        }
    }

    @Test
    void a_step_retried_once_counts_two_attempts_one_retrying_and_one_succeeded() {
        AtomicInteger calls = new AtomicInteger();
        StepHandler flaky = ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new RetryableError("not yet");
            }
            return StepHandlerResult.success(Map.of());
        };
        try (Tasker tasker = engine(flaky, new TaskerMetrics(registry))) {
            TaskHandle h = tasker.submit(TaskRequest.of("metrics", "single", Map.of()));
            await().atMost(AWAIT)
                    .until(() ->
                            tasker.task(h.taskId()).orElseThrow().step("work").state() == StepState.WAITING_FOR_RETRY);
            assertEquals(1, count(TaskerMetrics.STEP_DURATION, "work", "retrying"));
            clock.advance(Duration.ofSeconds(2)); // past the 1 s backoff
            assertEquals(TaskState.COMPLETE, h.await(AWAIT).state());
            assertEquals(2, count(TaskerMetrics.STEP_STARTED, "work", null));
            assertEquals(1, count(TaskerMetrics.STEP_DURATION, "work", "retrying"));
            assertEquals(1, count(TaskerMetrics.STEP_DURATION, "work", "succeeded"));
            assertEquals(0, count(TaskerMetrics.STEP_DURATION, "work", "failed"));
            assertEquals(2, count(TaskerMetrics.STEP_QUEUE_WAIT, "work", null));
            // the second attempt waited from the end of its backoff, not from the first attempt
            var wait = registry.get(TaskerMetrics.STEP_QUEUE_WAIT)
                    .tag("step", "work")
                    .timer();
            assertTrue(
                    wait.max(java.util.concurrent.TimeUnit.SECONDS) < 1,
                    "queue wait " + wait.max(java.util.concurrent.TimeUnit.MILLISECONDS) + " ms");
        }
    }

    @Test
    void a_permanent_failure_counts_a_failed_attempt_and_the_task_by_its_final_state() {
        try (Tasker tasker = engine(
                ctx -> {
                    throw new PermanentError("card declined");
                },
                new TaskerMetrics(registry))) {
            TaskSnapshot s =
                    tasker.submit(TaskRequest.of("metrics", "single", Map.of())).await(AWAIT);
            assertEquals(1, count(TaskerMetrics.STEP_STARTED, "work", null));
            assertEquals(1, count(TaskerMetrics.STEP_DURATION, "work", "failed"));
            assertEquals(0, count(TaskerMetrics.STEP_DURATION, "work", "retrying"));
            assertEquals(0, count(TaskerMetrics.STEP_DURATION, "work", "succeeded"));
            assertEquals(
                    1,
                    registry.get(TaskerMetrics.TASK_DURATION)
                            .tags("state", s.state().wireName())
                            .timer()
                            .count());
            assertEquals(1, registry.find(TaskerMetrics.TASK_DURATION).timers().size());
            if (s.state() == TaskState.BLOCKED_BY_FAILURES) {
                assertEquals(1, registry.get(TaskerMetrics.DLQ_PENDING).gauge().value());
            }
        }
    }

    @Test
    void an_instrumentation_that_throws_breaks_neither_the_engine_nor_the_others() {
        Instrumentation broken = new Instrumentation() {
            @Override
            public AttemptObserver attemptStarted(StepAttempt attempt) {
                throw new IllegalStateException("broken instrumentation");
            }

            @Override
            public void committed(Duration latency, int rows) {
                throw new IllegalStateException("broken instrumentation");
            }
        };
        try (Tasker tasker = engine(ctx -> StepHandlerResult.success(Map.of()), broken, new TaskerMetrics(registry))) {
            assertEquals(
                    TaskState.COMPLETE,
                    tasker.submit(TaskRequest.of("metrics", "diamond", Map.of()))
                            .await(AWAIT)
                            .state());
            assertEquals(1, count(TaskerMetrics.STEP_DURATION, "d", "succeeded"));
            assertTrue(registry.get(TaskerMetrics.INSTRUMENTATION_ERRORS)
                            .functionCounter()
                            .count()
                    >= 4 + 3);
        }
    }

    @Test
    void binding_a_second_registry_is_refused_naming_the_remedy() {
        TaskerMetrics metrics = new TaskerMetrics(registry);
        metrics.bindTo(registry); // the same one again: fine
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> metrics.bindTo(new SimpleMeterRegistry()));
        assertTrue(e.getMessage().contains("CompositeMeterRegistry"), e.getMessage());
    }
}
