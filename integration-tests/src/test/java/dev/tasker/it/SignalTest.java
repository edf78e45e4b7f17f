package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.SignalResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals (template {@code extensions.signals}): a step that waits for {@code Tasker.signal} and completes
 * with its payload, sent before or after the step is reached, its timeout paths on the manual clock, duplicates,
 * a restart in between (an H2 file), and by the task's identity.
 */
class SignalTest {
    static final String TEMPLATE = """
            name: approval
            namespace_name: sig
            version: 1.0.0
            identity_strategy: caller_provided
            steps:
              - name: prepare
                handler: {callable: gate}
              - name: approval
                dependencies: [prepare]
                handler: {callable: not.called}
              - name: finish
                dependencies: [approval]
                handler: {callable: finish}
            extensions:
              signals:
                approval:
                  timeout: 48h
                  on_timeout: %s
            """;

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger finished = new AtomicInteger();
    /** Holds {@code prepare} until counted down, so that a signal can come before the step is reached. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private TaskerBuilder builder(String onTimeout, String url) {
        return Tasker.builder()
                .jdbcUrl(url)
                .clock(clock)
                .backoffJitter(0)
                .poolSize(2)
                .templateYaml(TEMPLATE.formatted(onTimeout), "approval.yaml")
                .handler("gate", ctx -> {
                    gate.await();
                    return StepHandlerResult.success(Map.of("ready", true));
                })
                .handler("finish", ctx -> {
                    finished.incrementAndGet();
                    return StepHandlerResult.success(Map.of(
                            "approved_by",
                            ctx.getDependencyResult("approval").path("by").asText()));
                });
    }

    private Tasker engine(String onTimeout) {
        return builder(onTimeout, TestEngines.memoryUrl()).build();
    }

    private static TaskRequest request(String key) {
        return TaskRequest.of("sig", "approval", Map.of("amount", 120)).withIdempotencyKey(key);
    }

    @Test
    void aSignalToTheWaitingStepCompletesItWithItsPayload() {
        try (Tasker tasker = engine("fail")) {
            TaskHandle h = tasker.submit(request("a"));
            Awaits.step(tasker, h.taskId(), "approval", s -> s.state() == StepState.IN_PROGRESS);
            assertEquals(0, tasker.stats().runningSteps(), "a waiting step holds no slot and runs no handler");

            assertEquals(SignalResult.DELIVERED, tasker.signal(h.taskId(), "approval", Map.of("by", "maria")));
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals("maria", done.step("approval").result().path("by").asText());
            assertEquals(
                    "maria", done.step("finish").result().path("approved_by").asText());
            assertEquals(SignalResult.DUPLICATE, tasker.signal(h.taskId(), "approval", Map.of("by", "bob")));
            assertEquals(1, finished.get());
        }
    }

    @Test
    void aSignalDeliveredStraightToTheWaitingStepIsRecordedByItsResultAndStaysADuplicateAfterARestart(@TempDir Path dir)
            throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("straight").toAbsolutePath();
        java.util.UUID id;
        try (Tasker first = builder("fail", url).build()) {
            id = first.submit(request("straight")).taskId();
            Awaits.step(first, id, "approval", s -> s.state() == StepState.IN_PROGRESS);
            assertEquals(SignalResult.DELIVERED, first.signal(id, "approval", Map.of("by", "ana")));
            assertEquals(
                    TaskState.COMPLETE,
                    first.handle(id).await(TestEngines.AWAIT).state());
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM tasker_signals")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no tasker_signals row: the step's result (and its metadata) records it");
        }
        try (Tasker second = builder("fail", url).build()) {
            assertEquals(SignalResult.DUPLICATE, second.signal(id, "approval", Map.of("by", "again")));
            var approval = second.task(id).orElseThrow().step("approval");
            assertEquals("ana", approval.result().path("by").asText());
        }
        assertEquals(1, finished.get());
    }

    @Test
    void aSignalSentBeforeTheStepIsReachedIsKeptAndDeliveredWhenItIs() {
        gate = new CountDownLatch(1);
        try (Tasker tasker = engine("fail")) {
            TaskHandle h = tasker.submit(request("b"));
            assertEquals(
                    SignalResult.STORED_UNTIL_REACHED, tasker.signal(h.taskId(), "approval", Map.of("by", "early")));
            assertEquals(SignalResult.DUPLICATE, tasker.signal(h.taskId(), "approval", Map.of("by", "late")));
            assertEquals(
                    StepState.PENDING,
                    tasker.task(h.taskId()).orElseThrow().step("approval").state());
            gate.countDown();
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals("early", done.step("approval").result().path("by").asText());
        }
    }

    @Test
    void theTimeoutFailsTheStepWithoutRetries() {
        try (Tasker tasker = engine("fail")) {
            TaskHandle h = tasker.submit(request("c"));
            Awaits.step(tasker, h.taskId(), "approval", s -> s.state() == StepState.IN_PROGRESS);
            clock.advance(Duration.ofHours(47));
            assertEquals(
                    StepState.IN_PROGRESS,
                    tasker.task(h.taskId()).orElseThrow().step("approval").state());
            clock.advance(Duration.ofHours(2));
            var failed = Awaits.step(tasker, h.taskId(), "approval", s -> s.state() == StepState.ERROR);
            assertEquals("timeout", failed.error().path("error_type").asText());
            assertEquals(1, failed.attempts(), "the retry rules do not apply to a signal's timeout");
            assertEquals(SignalResult.STEP_FINISHED, tasker.signal(h.taskId(), "approval", Map.of("by", "late")));
            assertEquals(0, finished.get());
        }
    }

    @Test
    void theTimeoutCanCompleteTheStepInstead() {
        try (Tasker tasker = engine("complete")) {
            TaskHandle h = tasker.submit(request("d"));
            Awaits.step(tasker, h.taskId(), "approval", s -> s.state() == StepState.IN_PROGRESS);
            clock.advance(Duration.ofHours(49));
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertTrue(done.step("approval").result().path("timed_out").asBoolean());
        }
    }

    @Test
    void aSignalByTheTasksIdentityKey() {
        try (Tasker tasker = engine("fail")) {
            TaskHandle h = tasker.submit(request("order-42"));
            Awaits.step(tasker, h.taskId(), "approval", s -> s.state() == StepState.IN_PROGRESS);
            assertEquals(SignalResult.DELIVERED, tasker.signal(request("order-42"), "approval", Map.of("by", "id")));
            assertEquals(
                    "id",
                    h.await(TestEngines.AWAIT)
                            .step("approval")
                            .result()
                            .path("by")
                            .asText());
        }
    }

    @Test
    void aSignalToAStepThatDoesNotWaitIsRefused() {
        try (Tasker tasker = engine("fail")) {
            TaskHandle h = tasker.submit(request("e"));
            var e = assertThrows(OperatorActionException.class, () -> tasker.signal(h.taskId(), "finish", Map.of()));
            assertTrue(e.getMessage().contains("does not wait for a signal"), e.getMessage());
            var missing =
                    assertThrows(OperatorActionException.class, () -> tasker.signal(h.taskId(), "nope", Map.of()));
            assertTrue(missing.getMessage().contains("has no step 'nope'"), missing.getMessage());
        }
    }

    @Test
    void aRestartBetweenTheSignalAndTheStepKeepsItAndTheTimeoutKeepsItsStart(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("signals").toAbsolutePath();
        java.util.UUID stored;
        java.util.UUID waiting;
        gate = new CountDownLatch(1);
        Tasker first = builder("fail", url).build();
        stored = first.submit(request("r1")).taskId();
        waiting = first.submit(request("r2")).taskId();
        assertEquals(SignalResult.STORED_UNTIL_REACHED, first.signal(stored, "approval", Map.of("by", "kept")));
        gate.countDown();
        Awaits.step(first, waiting, "approval", s -> s.state() == StepState.IN_PROGRESS);
        Awaits.step(first, stored, "finish", s -> s.state() == StepState.COMPLETE);
        first.close();

        clock.advance(Duration.ofHours(24));
        try (Tasker second = builder("fail", url).build()) {
            assertEquals(
                    TaskState.COMPLETE,
                    second.handle(stored).await(TestEngines.AWAIT).state());
            assertEquals(
                    StepState.IN_PROGRESS,
                    second.task(waiting).orElseThrow().step("approval").state());
            assertEquals(SignalResult.DUPLICATE, second.signal(stored, "approval", Map.of("by", "again")));
            clock.advance(Duration.ofHours(25)); // 49 h after the step was reached, before the restart
            var failed = Awaits.step(second, waiting, "approval", s -> s.state() == StepState.ERROR);
            assertNull(failed.result());
        }
    }

    @Test
    void aSignalSentWhileTheEngineIsDownIsDeliveredWhenItResumes(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("down").toAbsolutePath();
        java.util.UUID id;
        try (Tasker first = builder("fail", url).build()) {
            id = first.submit(request("down")).taskId();
            Awaits.step(first, id, "approval", s -> s.state() == StepState.IN_PROGRESS);
        }
        try (var client = builder("fail", url).buildClient()) {
            assertEquals(SignalResult.DELIVERED, client.signal(id, "approval", Map.of("by", "cli")));
        }
        try (Tasker second = builder("fail", url).build()) {
            TaskSnapshot done = second.handle(id).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals("cli", done.step("approval").result().path("by").asText());
        }
    }
}
