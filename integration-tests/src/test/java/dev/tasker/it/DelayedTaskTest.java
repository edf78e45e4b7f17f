package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delayed start ({@code TaskRequest.runAt} / {@code delay}): committed at once, started at its time by the clock. */
class DelayedTaskTest {
    static final String TEMPLATE = """
            name: later
            namespace_name: delayed
            version: 1.0.0
            steps:
              - name: work
                handler:
                  callable: work
            """;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final AtomicInteger runs = new AtomicInteger();

    @TempDir
    Path dir;

    private Tasker engine(String url) {
        return Tasker.builder()
                .jdbcUrl(url)
                .clock(clock)
                .backoffJitter(0)
                .poolSize(2)
                .templateYaml(TEMPLATE, "later.yaml")
                .handler("work", ctx -> {
                    runs.incrementAndGet();
                    return StepHandlerResult.success(Map.of("done", true));
                })
                .build();
    }

    private static TaskRequest request(String key) {
        return TaskRequest.of("delayed", "later", Map.of("k", key));
    }

    @Test
    void a_delayed_task_is_scheduled_and_starts_at_its_time_not_before() {
        try (Tasker tasker = engine(TestEngines.memoryUrl())) {
            Instant due = clock.instant().plus(Duration.ofHours(1));
            TaskHandle h = tasker.submit(request("a").delay(Duration.ofHours(1)));
            TaskSnapshot s = tasker.task(h.taskId()).orElseThrow();
            assertEquals(TaskState.SCHEDULED, s.state());
            assertEquals(due, s.runAt(), "the stored task says when it starts");
            assertEquals(StepState.PENDING, s.step("work").state());
            assertEquals(
                    1,
                    tasker.tasks(new TaskQuery(TaskState.SCHEDULED, null, null, 10, 0))
                            .size(),
                    "listed as scheduled");
            clock.advance(Duration.ofMinutes(59));
            Awaits.cycles(tasker, 3);
            assertEquals(0, runs.get(), "no step runs before its time");
            assertEquals(
                    TaskState.SCHEDULED, tasker.task(h.taskId()).orElseThrow().state());
            clock.advance(Duration.ofMinutes(1));
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals(due, done.runAt(), "the engine's own snapshot too");
            assertEquals(1, runs.get());
            assertTrue(tasker.audit(h.taskId()).task().stream()
                    .anyMatch(t -> t.fromState() == TaskState.SCHEDULED && t.toState() == TaskState.STEPS_IN_PROCESS));
        }
    }

    @Test
    void run_at_in_the_past_or_now_starts_at_once() {
        try (Tasker tasker = engine(TestEngines.memoryUrl())) {
            TaskHandle h = tasker.submit(request("now").runAt(clock.instant().minusSeconds(5)));
            assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
            TaskHandle plain = tasker.submit(request("plain"));
            assertEquals(null, plain.await(TestEngines.AWAIT).runAt(), "no start time: it started when submitted");
            assertEquals(null, tasker.task(plain.taskId()).orElseThrow().runAt());
        }
    }

    @Test
    void a_delayed_task_survives_a_restart_and_starts_at_its_time() {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        UUID id;
        Instant at = clock.instant().plus(Duration.ofDays(1));
        try (Tasker tasker = engine(url)) {
            id = tasker.submit(request("restart").runAt(at)).taskId();
            clock.advance(Duration.ofHours(2));
        }
        assertEquals(0, runs.get());
        try (Tasker tasker = engine(url)) {
            assertEquals(TaskState.SCHEDULED, tasker.task(id).orElseThrow().state());
            clock.advance(Duration.ofHours(21));
            Awaits.cycles(tasker, 3);
            assertEquals(0, runs.get(), "resumed, it still waits for its time");
            clock.set(at);
            assertEquals(
                    TaskState.COMPLETE,
                    tasker.handle(id).await(TestEngines.AWAIT).state());
            assertEquals(1, runs.get());
        }
    }

    @Test
    void a_task_whose_time_passed_while_down_starts_at_the_next_start() {
        String url = "jdbc:h2:file:" + dir.resolve("db2").toAbsolutePath();
        UUID id;
        try (Tasker tasker = engine(url)) {
            id = tasker.submit(request("late").delay(Duration.ofMinutes(10))).taskId();
        }
        clock.advance(Duration.ofHours(1));
        try (Tasker tasker = engine(url)) {
            assertEquals(
                    TaskState.COMPLETE,
                    tasker.handle(id).await(TestEngines.AWAIT).state());
        }
    }

    @Test
    void a_scheduled_task_is_cancelled_before_it_starts_and_never_runs() {
        try (Tasker tasker = engine(TestEngines.memoryUrl())) {
            TaskHandle h = tasker.submit(request("c").delay(Duration.ofMinutes(5)));
            assertTrue(tasker.cancel(h.taskId()));
            TaskSnapshot s = tasker.task(h.taskId()).orElseThrow();
            assertEquals(TaskState.CANCELLED, s.state());
            assertEquals(StepState.CANCELLED, s.step("work").state());
            clock.advance(Duration.ofHours(1));
            Awaits.cycles(tasker, 3);
            assertEquals(0, runs.get());
            assertEquals(
                    TaskState.CANCELLED, tasker.task(h.taskId()).orElseThrow().state());
        }
    }

    @Test
    void a_step_repair_on_a_scheduled_task_is_refused_it_would_start_it_early() {
        try (Tasker tasker = engine(TestEngines.memoryUrl())) {
            TaskHandle h = tasker.submit(request("repair").delay(Duration.ofMinutes(5)));
            dev.tasker.engine.OperatorActionException e = assertThrows(
                    dev.tasker.engine.OperatorActionException.class,
                    () -> tasker.completeStep(h.taskId(), "work", Map.of(), "alice", "skip it"));
            assertTrue(e.getMessage().contains("is scheduled to start at"), e.getMessage());
            assertEquals(
                    TaskState.SCHEDULED, tasker.task(h.taskId()).orElseThrow().state());
        }
    }

    @Test
    void the_identity_is_checked_at_submit_a_duplicate_returns_the_scheduled_task() {
        try (Tasker tasker = engine(TestEngines.memoryUrl())) {
            TaskHandle first = tasker.submit(request("same").delay(Duration.ofMinutes(5)));
            TaskHandle again = tasker.submit(request("same").delay(Duration.ofMinutes(30)));
            assertFalse(first.isDuplicate());
            assertTrue(again.isDuplicate());
            assertEquals(first.taskId(), again.taskId());
            clock.advance(Duration.ofMinutes(5));
            first.await(TestEngines.AWAIT);
            assertEquals(1, runs.get());
        }
    }

    @Test
    void a_request_refuses_both_a_time_and_a_delay_and_a_negative_delay() {
        TaskRequest r = request("x").runAt(Instant.EPOCH);
        assertThrows(
                IllegalArgumentException.class,
                () -> new TaskRequest(
                        r.namespace(),
                        r.name(),
                        null,
                        r.context(),
                        null,
                        0,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        Instant.EPOCH,
                        Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> request("x").delay(Duration.ofSeconds(-1)));
        assertEquals(null, request("x").delay(Duration.ofSeconds(1)).runAt());
    }
}
