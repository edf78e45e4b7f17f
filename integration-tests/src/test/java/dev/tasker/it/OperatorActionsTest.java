package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.PermanentError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** SPEC §3 operator actions: each repairs a blocked task, which then carries on by itself, audited. */
class OperatorActionsTest {
    private static final String TEMPLATE = """
            name: repair
            namespace_name: ops
            version: 1.0.0
            steps:
              - {name: a, handler: {callable: step}, retry: {max_attempts: 1}}
              - {name: b, handler: {callable: step}, retry: {max_attempts: 1}, dependencies: [a]}
              - {name: c, handler: {callable: step}, retry: {max_attempts: 1}, dependencies: [b]}
              - {name: d, handler: {callable: step}, retry: {max_attempts: 1}, dependencies: [c]}
              - {name: e, handler: {callable: step}, retry: {max_attempts: 1}, dependencies: [d]}
            """;

    /** Steps that fail (permanently) until taken out of this set. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    private Tasker engine() {
        return TestEngines.builder(new ManualClock())
                .templateYaml(TEMPLATE, "repair.yaml")
                .handler("step", ctx -> {
                    if (failing.contains(ctx.stepName())) {
                        throw new PermanentError(ctx.stepName() + " is broken");
                    }
                    {
                        var d = ctx.getDependencyResult("d");
                        return StepHandlerResult.success(Map.of(
                                "step",
                                ctx.stepName(),
                                "d_said",
                                d == null ? "" : d.path("note").asText()));
                    }
                })
                .build();
    }

    private static TaskSnapshot blockedAt(TaskHandle h, String step) {
        TaskSnapshot s = h.await(TestEngines.AWAIT);
        assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
        assertEquals(StepState.ERROR, s.step(step).state());
        return s;
    }

    @Test
    void a_blocked_task_is_repaired_by_each_operator_action_in_turn_and_completes() {
        failing.addAll(Set.of("b", "c", "d", "e"));
        try (Tasker tasker = engine()) {
            TaskHandle h = tasker.submit(TaskRequest.of("ops", "repair", Map.of("order", 7)));
            blockedAt(h, "b");

            failing.remove("b");
            tasker.resetStep(h.taskId(), "b", "alice", "the payment gateway is back");
            TaskSnapshot afterReset = blockedAt(h, "c");
            assertEquals(StepState.COMPLETE, afterReset.step("b").state());
            assertEquals(1, afterReset.step("b").attempts(), "attempts restart at 0 after a reset");

            tasker.resolveStep(h.taskId(), "c", "bob", "done by hand in the back office");
            TaskSnapshot afterResolve = blockedAt(h, "d");
            assertEquals(StepState.RESOLVED_MANUALLY, afterResolve.step("c").state());

            tasker.completeStep(h.taskId(), "d", Map.of("note", "entered by carol"), "carol", "copied from ledger");
            TaskSnapshot afterComplete = blockedAt(h, "e");
            assertEquals(
                    "entered by carol",
                    afterComplete.step("d").result().get("note").asText());

            failing.remove("e");
            tasker.retryTask(h.taskId(), "dave", "retry after the fix");
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals(
                    "entered by carol",
                    done.step("e").result().get("d_said").asText(),
                    "dependents read a manually completed step's result");

            AuditTrail audit = tasker.audit(h.taskId());
            assertAudited(audit, "b", StepState.PENDING, "alice", "the payment gateway is back");
            assertAudited(audit, "c", StepState.RESOLVED_MANUALLY, "bob", "done by hand in the back office");
            assertAudited(audit, "d", StepState.COMPLETE, "carol", "copied from ledger");
            assertAudited(audit, "e", StepState.PENDING, "dave", "retry after the fix");
            assertTrue(audit.task().stream()
                    .anyMatch(r -> r.fromState() == TaskState.BLOCKED_BY_FAILURES
                            && r.toState() == TaskState.STEPS_IN_PROCESS
                            && "dave".equals(r.actor())));
        }
    }

    @Test
    void a_step_that_is_not_in_error_cannot_be_reset() {
        try (Tasker tasker = engine()) {
            TaskHandle h = tasker.submit(TaskRequest.of("ops", "repair", Map.of("order", 8)));
            assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
            OperatorActionException e = assertThrows(
                    OperatorActionException.class, () -> tasker.resetStep(h.taskId(), "a", "eve", "why not"));
            assertTrue(e.getMessage().contains("complete"), e.getMessage());
            assertThrows(OperatorActionException.class, () -> tasker.resolveStep(h.taskId(), "zz", "eve", "typo"));
        }
    }

    @Test
    void cancel_interrupts_a_running_handler_and_no_step_starts_afterwards() throws InterruptedException {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        Set<String> ran = ConcurrentHashMap.newKeySet();
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templateYaml(TEMPLATE, "repair.yaml")
                .handler("step", ctx -> {
                    ran.add(ctx.stepName());
                    if (ctx.stepName().equals("b")) {
                        running.countDown();
                        try {
                            new java.util.concurrent.CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                        }
                    }
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            TaskHandle h = tasker.submit(TaskRequest.of("ops", "repair", Map.of("order", 9)));
            assertTrue(running.await(20, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(tasker.cancel(h.taskId(), "zoe", "customer gave up"));
            assertTrue(
                    interrupted.await(20, java.util.concurrent.TimeUnit.SECONDS),
                    "the running handler was interrupted");
            TaskSnapshot s = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.CANCELLED, s.state());
            assertEquals(StepState.COMPLETE, s.step("a").state());
            for (String step : java.util.List.of("b", "c", "d", "e")) {
                assertEquals(StepState.CANCELLED, s.step(step).state(), step);
            }
            assertEquals(Set.of("a", "b"), ran, "no step started after the cancel");
            assertTrue(tasker.audit(h.taskId()).task().stream()
                    .anyMatch(r -> r.toState() == TaskState.CANCELLED
                            && "zoe".equals(r.actor())
                            && "customer gave up".equals(r.reason())));
            assertEquals(false, tasker.cancel(h.taskId(), "zoe", "again"), "an ended task is not cancelled twice");
        }
    }

    private static void assertAudited(AuditTrail audit, String step, StepState to, String who, String why) {
        StepTransition row = audit.step(step).stream()
                .filter(r -> r.toState() == to && who.equals(r.actor()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + to + " by " + who + " on " + step + ": " + audit.step(step)));
        assertEquals(why, row.reason());
    }
}
