package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.PermanentError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A DLQ entry follows its task: repaired and completed, or cancelled, the pending entry resolves with a note. */
class DlqFollowsRepairsTest {
    private static final String TEMPLATE = """
            name: charge
            namespace_name: dlq_repair
            version: 1.0.0
            steps:
              - name: charge
                handler: {callable: charge}
              - name: receipt
                handler: {callable: receipt}
                depends_on: [charge]
            """;

    private final ManualClock clock = new ManualClock();
    private final AtomicBoolean cardFixed = new AtomicBoolean();

    private Tasker engine() {
        return engine(TestEngines.memoryUrl());
    }

    private Tasker engine(String url) {
        return TestEngines.builder(clock)
                .jdbcUrl(url)
                .templateYaml(TEMPLATE, "charge.yaml")
                .handler("charge", ctx -> {
                    if (!cardFixed.get()) {
                        throw new PermanentError("card declined");
                    }
                    return StepHandlerResult.success(Map.of("charged", true));
                })
                .handler("receipt", ctx -> StepHandlerResult.success(Map.of("sent", true)))
                .build();
    }

    private static DlqEntry pendingEntryOf(Tasker tasker, UUID taskId) {
        List<DlqEntry> pending = tasker.dlq("pending", 10, 0);
        assertEquals(1, pending.size(), "one pending entry: " + pending);
        assertEquals(taskId, pending.get(0).taskId());
        return pending.get(0);
    }

    private static void awaitState(Tasker tasker, UUID taskId, TaskState state) {
        await().atMost(TestEngines.AWAIT)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> tasker.task(taskId).orElseThrow().state() == state);
    }

    @Test
    void a_task_retried_by_an_operator_and_completed_resolves_its_pending_entry_with_a_note() {
        try (Tasker tasker = engine()) {
            TaskSnapshot blocked = tasker.submit(TaskRequest.of("dlq_repair", "charge", Map.of()))
                    .await(TestEngines.AWAIT);
            assertEquals(TaskState.BLOCKED_BY_FAILURES, blocked.state());
            DlqEntry entry = pendingEntryOf(tasker, blocked.taskId());

            cardFixed.set(true);
            clock.advance(Duration.ofMinutes(5));
            tasker.retryTask(blocked.taskId(), "alice", "card re-issued");
            awaitState(tasker, blocked.taskId(), TaskState.COMPLETE);

            assertEquals(List.of(), tasker.dlq("pending", 10, 0), "no entry stays pending");
            DlqEntry resolved = tasker.dlqEntry(entry.entryId()).orElseThrow();
            assertEquals("manually_resolved", resolved.status());
            assertEquals("alice", resolved.resolvedBy(), "who repaired it");
            assertEquals("task completed after repair: retry_task by alice (card re-issued)", resolved.notes());
            assertEquals(clock.instant(), resolved.resolvedAt(), "when it completed");
            assertEquals(entry.createdAt(), resolved.createdAt(), "the entry keeps when it was made");
            assertEquals(entry.snapshot(), resolved.snapshot(), "the snapshot of the failure is kept");
            assertEquals(1, tasker.dlq("manually_resolved", 10, 0).size());
        }
    }

    @Test
    void a_step_completed_by_an_operator_resolves_the_entry_naming_the_step() {
        try (Tasker tasker = engine()) {
            TaskSnapshot blocked = tasker.submit(TaskRequest.of("dlq_repair", "charge", Map.of()))
                    .await(TestEngines.AWAIT);
            DlqEntry entry = pendingEntryOf(tasker, blocked.taskId());

            tasker.completeStep(blocked.taskId(), "charge", Map.of("charged", true), "bob", null);
            awaitState(tasker, blocked.taskId(), TaskState.COMPLETE);

            DlqEntry resolved = tasker.dlqEntry(entry.entryId()).orElseThrow();
            assertEquals("manually_resolved", resolved.status());
            assertEquals("bob", resolved.resolvedBy());
            assertEquals("task completed after repair: complete_step 'charge' by bob", resolved.notes());
        }
    }

    @Test
    void a_failed_task_cancelled_by_an_operator_resolves_its_entry_as_cancelled() {
        try (Tasker tasker = engine()) {
            TaskSnapshot blocked = tasker.submit(TaskRequest.of("dlq_repair", "charge", Map.of()))
                    .await(TestEngines.AWAIT);
            DlqEntry entry = pendingEntryOf(tasker, blocked.taskId());

            tasker.cancel(blocked.taskId(), "carol", "customer gave up");
            awaitState(tasker, blocked.taskId(), TaskState.CANCELLED);

            DlqEntry resolved = tasker.dlqEntry(entry.entryId()).orElseThrow();
            assertEquals("cancelled", resolved.status());
            assertEquals("carol", resolved.resolvedBy());
            assertEquals("task cancelled", resolved.notes());
        }
    }

    @Test
    void an_entry_resolved_by_hand_before_the_repair_keeps_its_resolution() {
        try (Tasker tasker = engine()) {
            TaskSnapshot blocked = tasker.submit(TaskRequest.of("dlq_repair", "charge", Map.of()))
                    .await(TestEngines.AWAIT);
            DlqEntry entry = pendingEntryOf(tasker, blocked.taskId());
            tasker.resolveDlq(entry.entryId(), "permanently_failed", "dave", "refunded by hand");

            cardFixed.set(true);
            tasker.retryTask(blocked.taskId(), "alice", null);
            awaitState(tasker, blocked.taskId(), TaskState.COMPLETE);

            DlqEntry kept = tasker.dlqEntry(entry.entryId()).orElseThrow();
            assertEquals("permanently_failed", kept.status());
            assertEquals("dave", kept.resolvedBy());
            assertEquals("refunded by hand", kept.notes());
            assertNotNull(kept.resolvedAt());
        }
    }

    @Test
    void a_task_that_completes_without_a_repair_writes_no_resolution() {
        cardFixed.set(true);
        try (Tasker tasker = engine()) {
            TaskSnapshot done = tasker.submit(TaskRequest.of("dlq_repair", "charge", Map.of()))
                    .await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals(List.of(), tasker.dlq(null, 10, 0));
        }
    }

    @Test
    void a_repair_made_through_an_operator_client_resolves_the_entry_when_the_restarted_engine_completes_it() {
        String url = TestEngines.memoryUrl();
        UUID id;
        try (Tasker tasker = engine(url)) {
            id = tasker.submit(TaskRequest.of("dlq_repair", "charge", Map.of()))
                    .await(TestEngines.AWAIT)
                    .taskId();
        }
        DlqEntry entry;
        try (TaskerClient client = dev.tasker.engine.Tasker.builder()
                .jdbcUrl(url)
                .templateYaml(TEMPLATE, "charge.yaml")
                .buildClient()) {
            entry = client.dlq("pending", 10, 0).get(0);
            client.retryTask(id, "erin", "card re-issued");
        }
        cardFixed.set(true);
        try (Tasker tasker = engine(url)) {
            assertEquals(
                    TaskState.COMPLETE,
                    tasker.handle(id).await(TestEngines.AWAIT).state());
            DlqEntry resolved = tasker.dlqEntry(entry.entryId()).orElseThrow();
            assertEquals("manually_resolved", resolved.status());
            assertTrue(resolved.notes().startsWith("task completed after repair"), resolved.notes());
            assertTrue(
                    tasker.audit(id).steps().stream().anyMatch(t -> "erin".equals(t.actor())),
                    "the audit names who repaired it");
        }
    }
}
