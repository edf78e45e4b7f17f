package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tasker task TASK_ID} from another process than the engine that ran the task: the waiting reason of each
 * waiting step (a signal, a child task, a per-key limit), read from the stored step rows, and a delayed task's start
 * time. The application is closed before the command runs, so nothing comes from an engine's memory.
 */
class TaskWaitingCommandTest {
    private static final String REFUND = """
            name: refund
            namespace_name: cs
            version: 1.0.0
            steps:
              - name: approval
                handler: {callable: waits.for.a.signal}
              - name: pay
                dependencies: [approval]
                handler: {callable: cs.pay}
            extensions:
              signals:
                approval: {timeout: 48h}
            """;
    private static final String ORDER = """
            name: order
            namespace_name: shop
            version: 1.0.0
            steps:
              - name: ship
                handler: {callable: sub.workflow}
            extensions:
              sub_workflows:
                ship: {namespace: fulfillment, name: ship}
            """;
    private static final String SHIP = """
            name: ship
            namespace_name: fulfillment
            version: 1.0.0
            steps:
              - name: pack
                handler: {callable: pack}
            """;
    private static final String CHARGE = """
            name: charge
            namespace_name: payments
            version: 1.0.0
            steps:
              - name: charge
                handler: {callable: charge}
            extensions:
              limits:
                concurrency:
                  - key: $.customer_id
                    max_running: 1
            """;

    @TempDir
    Path dir;

    private final CountDownLatch hold = new CountDownLatch(1);

    private static StepSnapshot awaitStep(Tasker app, UUID task, String step, Predicate<StepSnapshot> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            StepSnapshot s = app.task(task).orElseThrow().step(step);
            if (condition.test(s)) {
                return s;
            }
            assertTrue(System.nanoTime() < deadline, () -> "step " + step + " of task " + task + " is " + s);
            Thread.onSpinWait();
        }
    }

    private String show(String url, UUID id) {
        CliRun run = CliRun.of("task", id.toString(), "--db", url).assertNoStackTrace();
        assertEquals(0, run.exitCode(), run::toString);
        return run.out();
    }

    @Test
    void the_task_view_shows_why_each_step_waits_and_when_a_delayed_task_starts() {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        Instant runAt = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        UUID refund;
        UUID order;
        UUID child;
        UUID second;
        UUID delayed;
        try (Tasker app = Tasker.builder()
                .jdbcUrl(url)
                .templateYaml(REFUND, "refund.yaml")
                .templateYaml(ORDER, "order.yaml")
                .templateYaml(SHIP, "ship.yaml")
                .templateYaml(CHARGE, "charge.yaml")
                .shutdownGrace(Duration.ofMillis(100))
                .handler("cs.pay", ctx -> StepHandlerResult.success(Map.of()))
                .handler("pack", ctx -> {
                    hold.await();
                    return StepHandlerResult.success(Map.of());
                })
                .handler("charge", ctx -> {
                    hold.await();
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            refund = app.submit(TaskRequest.of("cs", "refund", Map.of())).taskId();
            order = app.submit(TaskRequest.of("shop", "order", Map.of())).taskId();
            UUID first = app.submit(TaskRequest.of("payments", "charge", Map.of("customer_id", "c42")))
                    .taskId();
            awaitStep(app, first, "charge", s -> s.state() == dev.tasker.engine.StepState.IN_PROGRESS);
            second = app.submit(TaskRequest.of("payments", "charge", Map.of("customer_id", "c42", "n", 2)))
                    .taskId();
            delayed = app.submit(TaskRequest.of("cs", "refund", Map.of("n", 2)).runAt(runAt))
                    .taskId();

            awaitStep(app, refund, "approval", s -> s.waitingReason() != null);
            StepSnapshot ship = awaitStep(app, order, "ship", s -> s.waitingReason() != null);
            child = app.task(order).orElseThrow().children().get(0).childTaskId();
            assertEquals("waiting_for_child_task: " + child + " (fulfillment/ship)", ship.waitingReason());
            StepSnapshot limited = awaitStep(app, second, "charge", s -> s.waitingReason() != null);
            assertTrue(limited.waitingReason().startsWith("waiting_for_limit: "), limited::toString);
            TaskSnapshot scheduled = app.task(delayed).orElseThrow();
            assertEquals(runAt, scheduled.runAt());
            assertEquals(dev.tasker.engine.TaskState.SCHEDULED, scheduled.state());
        }

        String signal = show(url, refund);
        assertTrue(signal.contains("    waiting       waiting_for_signal (times out at "), signal);
        String parent = show(url, order);
        assertTrue(
                parent.contains("    waiting       waiting_for_child_task: " + child + " (fulfillment/ship)"), parent);
        String limited = show(url, second);
        assertTrue(limited.contains("    waiting       waiting_for_limit: "), limited);
        assertTrue(limited.contains("customer_id=c42"), limited);
        String start = show(url, delayed);
        assertTrue(start.contains("  state        scheduled"), start);
        assertTrue(start.contains("  run at       "), start);
        assertTrue(!start.contains("waiting       "), "a step that never waited has no reason: " + start);
        String plain = show(url, refund);
        assertTrue(!plain.contains("  run at "), "a task that started when submitted has no start time: " + plain);
    }
}
