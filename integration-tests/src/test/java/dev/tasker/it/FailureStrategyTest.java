package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.CursorConfig;
import dev.tasker.api.PermanentError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4 {@code failure_strategy}, enforced (the reference treats every strategy as fail_fast): five
 * workers, of which {@code item_002} fails permanently.
 */
class FailureStrategyTest {
    private static final List<String> WORKERS = List.of("item_001", "item_002", "item_003", "item_004", "item_005");

    /** Workers that fail permanently until taken out. */
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    /** Workers whose handler ran, in order. */
    private final List<String> ran = new CopyOnWriteArrayList<>();

    static String template(String strategy, int parallelism) {
        return """
                name: strategy
                namespace_name: batches
                version: 1.0.0
                steps:
                  - {name: plan, type: batchable, handler: {callable: plan}}
                  - name: item
                    type: batch_worker
                    dependencies: [plan]
                    handler: {callable: item}
                    retry: {max_attempts: 1}
                    batch_config: {batch_size: 1, parallelism: %d, failure_strategy: %s}
                  - {name: sum, type: deferred_convergence, handler: {callable: sum}, dependencies: [item]}
                """.formatted(parallelism, strategy);
    }

    private Tasker engine(String strategy, int parallelism) {
        broken.add("item_002");
        return TestEngines.builder(new ManualClock())
                .templateYaml(template(strategy, parallelism), "strategy.yaml")
                .handler("plan", ctx -> StepHandlerResult.createBatches("item", CursorConfig.split(5, 5), 5))
                .handler("item", ctx -> {
                    ran.add(ctx.stepName());
                    if (broken.contains(ctx.stepName())) {
                        throw new PermanentError(ctx.stepName() + " cannot read its input");
                    }
                    return StepHandlerResult.success(Map.of("done", ctx.stepName()));
                })
                .handler(
                        "sum",
                        ctx -> StepHandlerResult.success(Map.of(
                                "succeeded",
                                        List.copyOf(ctx.getDependencyResults("item_")
                                                .keySet()),
                                "failed", List.copyOf(ctx.failedDependencies().keySet()),
                                "failure",
                                        ctx.failedDependencies().values().stream()
                                                .map(e -> e.path("message").asText())
                                                .toList())))
                .build();
    }

    private static TaskHandle submit(Tasker tasker) {
        return tasker.submit(TaskRequest.of("batches", "strategy", Map.of()));
    }

    @Test
    void continue_on_failure_lets_convergence_run_and_tells_the_aggregator_which_worker_failed() {
        try (Tasker tasker = engine("continue_on_failure", 5)) {
            TaskSnapshot s = Awaits.settled(tasker, submit(tasker), TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state(), () -> s.steps().toString());
            assertEquals(StepState.ERROR, s.step("item_002").state());
            var r = s.step("sum").result();
            assertEquals(List.of("item_001", "item_003", "item_004", "item_005"), texts(r.get("succeeded")));
            assertEquals(List.of("item_002"), texts(r.get("failed")));
            assertEquals(
                    "item_002 cannot read its input", r.get("failure").get(0).asText());
        }
    }

    @Test
    void continue_on_failure_an_operator_reset_of_the_failed_worker_makes_the_aggregator_wait_for_it_again()
            throws Exception {
        java.util.concurrent.CountDownLatch resetDone = new java.util.concurrent.CountDownLatch(1);
        broken.add("item_002");
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templateYaml(template("continue_on_failure", 1), "strategy.yaml")
                .handler("plan", ctx -> StepHandlerResult.createBatches("item", CursorConfig.split(5, 5), 5))
                .handler("item", ctx -> {
                    ran.add(ctx.stepName());
                    if (ctx.stepName().equals("item_003")) {
                        resetDone.await(10, java.util.concurrent.TimeUnit.SECONDS); // hold the batch meanwhile
                    }
                    if (broken.contains(ctx.stepName())) {
                        throw new PermanentError(ctx.stepName() + " cannot read its input");
                    }
                    return StepHandlerResult.success(Map.of("done", ctx.stepName()));
                })
                .handler(
                        "sum",
                        ctx -> StepHandlerResult.success(Map.of(
                                "succeeded",
                                        List.copyOf(ctx.getDependencyResults("item_")
                                                .keySet()),
                                "failed", List.copyOf(ctx.failedDependencies().keySet()))))
                .build()) {
            TaskHandle h = submit(tasker);
            Awaits.step(tasker, h.taskId(), "item_003", st -> st.state() == StepState.IN_PROGRESS);
            assertEquals(
                    StepState.ERROR,
                    tasker.task(h.taskId()).orElseThrow().step("item_002").state());
            broken.clear();
            tasker.resetStep(h.taskId(), "item_002", "ops", "input file restored");
            resetDone.countDown();
            TaskSnapshot s = Awaits.settled(tasker, h, TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state(), () -> s.steps().toString());
            assertEquals(StepState.COMPLETE, s.step("item_002").state());
            var r = s.step("sum").result();
            assertEquals(WORKERS, texts(r.get("succeeded")), "the aggregator waited for the retried worker");
            assertEquals(List.of(), texts(r.get("failed")));
        }
    }

    @Test
    void fail_fast_cancels_the_workers_still_pending_and_blocks_the_task() {
        try (Tasker tasker = engine("fail_fast", 1)) {
            TaskHandle h = submit(tasker);
            TaskSnapshot s = Awaits.settled(tasker, h, TestEngines.AWAIT);
            assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
            assertEquals(List.of("item_001", "item_002"), ran, "one at a time: the others had not started");
            assertEquals(StepState.COMPLETE, s.step("item_001").state());
            assertEquals(StepState.ERROR, s.step("item_002").state());
            for (String w : List.of("item_003", "item_004", "item_005")) {
                assertEquals(StepState.CANCELLED, s.step(w).state(), w);
                List<StepTransition> audit = tasker.audit(h.taskId()).step(w);
                assertEquals(1, audit.size(), w + " went straight from pending to cancelled");
                assertEquals(StepState.PENDING, audit.get(0).fromState());
                assertTrue(
                        audit.get(0).reason().contains("item_002"), audit.get(0).reason());
            }
            assertEquals(StepState.PENDING, s.step("sum").state(), "convergence never ran");

            broken.remove("item_002");
            tasker.retryTask(h.taskId(), "ops", "fixed the input of item_002");
            TaskSnapshot done = Awaits.settled(tasker, h, TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state(), "retry runs the failed worker and the cancelled ones");
            for (String w : List.of("item_002", "item_003", "item_004", "item_005")) {
                assertEquals(StepState.COMPLETE, done.step(w).state(), w);
            }
            assertEquals(WORKERS, texts(done.step("sum").result().get("succeeded")));
        }
    }

    @Test
    void isolate_keeps_siblings_going_blocks_on_the_failed_worker_and_completes_after_an_operator_reset() {
        try (Tasker tasker = engine("isolate", 5)) {
            TaskHandle h = submit(tasker);
            TaskSnapshot blocked = Awaits.settled(tasker, h, TestEngines.AWAIT);
            assertEquals(TaskState.BLOCKED_BY_FAILURES, blocked.state());
            assertEquals(StepState.ERROR, blocked.step("item_002").state());
            for (String w : List.of("item_001", "item_003", "item_004", "item_005")) {
                assertEquals(StepState.COMPLETE, blocked.step(w).state(), w + " went on despite its sibling");
            }
            assertEquals(StepState.PENDING, blocked.step("sum").state(), "convergence waits for the operator");

            broken.remove("item_002");
            tasker.resetStep(h.taskId(), "item_002", "ops", "input file restored");
            TaskSnapshot done = Awaits.settled(tasker, h, TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state(), () -> done.steps().toString());
            assertEquals(StepState.COMPLETE, done.step("item_002").state());
            var r = done.step("sum").result();
            assertEquals(WORKERS, texts(r.get("succeeded")));
            assertEquals(List.of(), texts(r.get("failed")));
            AuditTrail audit = tasker.audit(h.taskId());
            assertTrue(audit.step("item_002").stream()
                    .anyMatch(t -> "ops".equals(t.actor())
                            && t.toState() == StepState.PENDING
                            && "input file restored".equals(t.reason())));
        }
    }

    @Test
    void workers_cancelled_by_fail_fast_do_not_hold_up_other_tasks_waiting_for_the_template_cap() throws Exception {
        java.util.concurrent.CountDownLatch secondSubmitted = new java.util.concurrent.CountDownLatch(1);
        broken.add("item_002");
        // One step of this template at a time: A's workers and then B's planner wait behind the cap.
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templateYaml(template("fail_fast", 5), "strategy.yaml")
                .maxConcurrentSteps("batches", "strategy", 1)
                .handler("plan", ctx -> StepHandlerResult.createBatches("item", CursorConfig.split(5, 5), 5))
                .handler("item", ctx -> {
                    ran.add(ctx.stepName());
                    if (ctx.stepName().equals("item_001")) {
                        secondSubmitted.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                    if (broken.contains(ctx.stepName())) {
                        throw new PermanentError(ctx.stepName() + " cannot read its input");
                    }
                    return StepHandlerResult.success(Map.of("done", ctx.stepName()));
                })
                .handler("sum", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            TaskHandle a = tasker.submit(TaskRequest.of("batches", "strategy", Map.of("task", "A")));
            Awaits.step(tasker, a.taskId(), "item_001", st -> st.state() == StepState.IN_PROGRESS);
            TaskHandle b = tasker.submit(TaskRequest.of("batches", "strategy", Map.of("task", "B")));
            assertTrue(!b.isDuplicate());
            Awaits.step(tasker, b.taskId(), "plan", st -> st.state() == StepState.PENDING); // behind A's workers
            secondSubmitted.countDown();
            assertEquals(
                    TaskState.BLOCKED_BY_FAILURES,
                    Awaits.settled(tasker, a, TestEngines.AWAIT).state());
            assertEquals(
                    StepState.CANCELLED,
                    tasker.task(a.taskId()).orElseThrow().step("item_005").state());
            TaskSnapshot second = Awaits.settled(tasker, b, TestEngines.AWAIT);
            assertEquals(StepState.COMPLETE, second.step("plan").state(), "B was not left parked");
            assertEquals(StepState.ERROR, second.step("item_002").state(), "B ran up to its own fail_fast");
            assertEquals(TaskState.BLOCKED_BY_FAILURES, second.state());
        }
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
