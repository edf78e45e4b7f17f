package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.PermanentError;
import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SPEC §3 staleness and the DLQ: stale and failed tasks get an entry an operator can inspect and resolve. */
class DlqTest {
    private final ManualClock clock = new ManualClock();

    private static final String STUCK = """
            name: stuck
            namespace_name: dlq
            version: 1.0.0
            lifecycle:
              max_steps_in_process_minutes: 2
            steps:
              - name: wait_forever
                handler: {callable: hang}
                timeout_seconds: 3600
            """;
    private static final String FAILING = """
            name: failing
            namespace_name: dlq
            version: 1.0.0
            steps:
              - name: flaky
                handler: {callable: flaky}
                retry: {max_attempts: 2, backoff: none}
              - name: broken
                handler: {callable: broken}
            """;

    private final CountDownLatch hanging = new CountDownLatch(1);

    private Tasker engine() {
        return TestEngines.builder(clock)
                .templateYaml(STUCK, "stuck.yaml")
                .templateYaml(FAILING, "failing.yaml")
                .handler("hang", ctx -> {
                    hanging.countDown();
                    new CountDownLatch(1).await();
                    return StepHandlerResult.success(Map.of());
                })
                .handler("flaky", ctx -> {
                    throw new RetryableError("still down");
                })
                .handler("broken", ctx -> {
                    throw new PermanentError("no such account");
                })
                .build();
    }

    @Test
    void a_task_stuck_past_its_lifecycle_threshold_lands_in_the_dlq_and_in_error() throws InterruptedException {
        try (Tasker tasker = engine()) {
            TaskHandle h = tasker.submit(TaskRequest.of("dlq", "stuck", Map.of()));
            assertTrue(hanging.await(20, TimeUnit.SECONDS));
            clock.advance(Duration.ofMinutes(1));
            assertEquals(
                    TaskState.STEPS_IN_PROCESS,
                    tasker.task(h.taskId()).orElseThrow().state(),
                    "not stale before its threshold");
            clock.advance(Duration.ofMinutes(2));
            TaskSnapshot s = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.ERROR, s.state());
            assertEquals(StepState.ERROR, s.step("wait_forever").state(), "its running attempt was stopped");
            List<DlqEntry> pending = tasker.dlq("pending", 10, 0);
            assertEquals(1, pending.size());
            DlqEntry entry = pending.get(0);
            assertEquals(h.taskId(), entry.taskId());
            assertEquals("staleness_timeout", entry.reason());
            assertEquals("steps_in_process", entry.snapshot().get("state").asText(), "the snapshot is from before");
            assertEquals(
                    "wait_forever",
                    entry.snapshot().get("steps").get(0).get("name").asText());
        }
    }

    @Test
    void tasks_that_exhaust_retries_or_fail_permanently_get_an_entry_that_can_be_resolved_once() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s =
                    tasker.submit(TaskRequest.of("dlq", "failing", Map.of())).await(TestEngines.AWAIT);
            assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
            DlqEntry entry = tasker.dlq("pending", 10, 0).get(0);
            assertEquals(s.taskId(), entry.taskId());
            assertTrue(List.of("max_retries_exceeded", "permanent_failure").contains(entry.reason()), entry.reason());
            assertNotNull(tasker.dlqEntry(entry.entryId()).orElseThrow().snapshot());

            tasker.resolveDlq(entry.entryId(), "permanently_failed", "alice", "account closed; refunded by hand");
            DlqEntry resolved = tasker.dlqEntry(entry.entryId()).orElseThrow();
            assertEquals("permanently_failed", resolved.status());
            assertEquals("alice", resolved.resolvedBy());
            assertEquals("account closed; refunded by hand", resolved.notes());
            assertEquals(0, tasker.dlq("pending", 10, 0).size());
            assertEquals(1, tasker.dlq("permanently_failed", 10, 0).size());
            assertThrows(
                    OperatorActionException.class,
                    () -> tasker.resolveDlq(entry.entryId(), "cancelled", "bob", "again"));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> tasker.resolveDlq(entry.entryId(), "done", "bob", "bad status"));
        }
    }

    @Test
    void a_task_waiting_out_a_long_backoff_is_not_stale() {
        String slow = """
                name: slow_retry
                namespace_name: dlq
                version: 1.0.0
                steps:
                  - name: flaky
                    handler: {callable: flaky}
                    retry: {max_attempts: 2, backoff: linear, backoff_base_ms: 3600000, max_backoff_ms: 3600000}
                """;
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (Tasker tasker = TestEngines.builder(clock)
                .templateYaml(slow, "slow.yaml")
                .handler("flaky", ctx -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new RetryableError("down for an hour");
                    }
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            TaskHandle h = tasker.submit(TaskRequest.of("dlq", "slow_retry", Map.of()));
            Awaits.stepIn(tasker, h.taskId(), "flaky", StepState.WAITING_FOR_RETRY, 1);
            for (int i = 0; i < 60; i++) {
                clock.advance(Duration.ofMinutes(1)); // the sweep runs each minute, well past the 30 min default
            }
            assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
            assertEquals(0, tasker.dlq(null, 10, 0).size(), "a scheduled retry is not a stuck task");
        }
    }

    @Test
    void the_reason_says_whether_retries_ran_out_or_the_failure_was_permanent() {
        String onlyFlaky = FAILING.replace("""
                  - name: broken
                    handler: {callable: broken}
                """, "").replace("name: failing", "name: flaky_only");
        try (Tasker tasker = TestEngines.builder(clock)
                .templateYaml(onlyFlaky, "f.yaml")
                .handler("flaky", ctx -> {
                    throw new RetryableError("down");
                })
                .build()) {
            tasker.submit(TaskRequest.of("dlq", "flaky_only", Map.of())).await(TestEngines.AWAIT);
            assertEquals(
                    "max_retries_exceeded", tasker.dlq("pending", 10, 0).get(0).reason());
        }
    }
}
