package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reference §4.1 "Nested decisions": a decision's branch holds another decision, which is created with
 * the branch; its own branches are created only when it completes.
 */
class NestedDecisionTest {
    /** primary → (compliance → compliance_decision → [kyc | legal]) or fast_track; both feed close. */
    static final String TEMPLATE = """
            name: nested
            namespace_name: decisions
            version: 1.0.0
            steps:
              - {name: intake, handler: {callable: work}}
              - {name: primary, type: decision, handler: {callable: primary}, dependencies: [intake]}
              - {name: compliance, handler: {callable: work}, dependencies: [primary]}
              - {name: compliance_decision, type: decision, handler: {callable: inner}, dependencies: [compliance]}
              - {name: kyc, handler: {callable: work}, dependencies: [compliance_decision]}
              - {name: legal, handler: {callable: work}, dependencies: [compliance_decision]}
              - {name: fast_track, handler: {callable: work}, dependencies: [primary]}
              - {name: close, type: deferred_convergence, handler: {callable: close},
                 dependencies: [kyc, legal, fast_track]}
            """;

    @Test
    void an_inner_decisions_branch_is_created_only_when_the_inner_decision_completes() throws Exception {
        CountDownLatch innerMayDecide = new CountDownLatch(1);
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templateYaml(TEMPLATE, "nested.yaml")
                .handler("work", ctx -> StepHandlerResult.success(Map.of("step", ctx.stepName())))
                .handler("primary", ctx -> StepHandlerResult.decision(List.of("compliance")))
                .handler("inner", ctx -> {
                    innerMayDecide.await(10, TimeUnit.SECONDS);
                    return StepHandlerResult.decision(List.of("legal"));
                })
                .handler(
                        "close",
                        ctx -> StepHandlerResult.success(Map.of(
                                "seen",
                                new TreeSet<>(ctx.getDependencyResults("").keySet()))))
                .build()) {
            TaskHandle h = tasker.submit(TaskRequest.of("decisions", "nested", Map.of()));
            Awaits.step(tasker, h.taskId(), "compliance_decision", s -> s.state() == StepState.IN_PROGRESS);
            TaskSnapshot whileDeciding = tasker.task(h.taskId()).orElseThrow();
            assertEquals(
                    Set.of("intake", "primary", "compliance", "compliance_decision"),
                    names(whileDeciding),
                    "the outer decision created its branch and the nested decision, nothing of the nested one's");

            innerMayDecide.countDown();
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state(), () -> done.steps().toString());
            assertEquals(
                    Set.of("intake", "primary", "compliance", "compliance_decision", "legal", "close"),
                    names(done),
                    "kyc and fast_track were never chosen, so never created");
            assertEquals(
                    List.of("compliance", "compliance_decision", "intake", "legal", "primary"),
                    List.copyOf(texts(done.step("close").result().get("seen"))));
        }
    }

    /** Reference §8.3 C2 in small: a decision picks one of two batch analyzers; only that path ever exists. */
    static final String DECISION_THEN_BATCH = """
            name: routed_batch
            namespace_name: decisions
            version: 1.0.0
            steps:
              - {name: count, handler: {callable: count}}
              - {name: route, type: decision, handler: {callable: route}, dependencies: [count]}
              - {name: even_analyzer, type: batchable, handler: {callable: analyzer}, dependencies: [route]}
              - {name: odd_analyzer, type: batchable, handler: {callable: analyzer}, dependencies: [route]}
              - name: process_even
                type: batch_worker
                dependencies: [even_analyzer]
                handler: {callable: worker}
                batch_config: {batch_size: 2, parallelism: 2}
              - name: process_odd
                type: batch_worker
                dependencies: [odd_analyzer]
                handler: {callable: worker}
                batch_config: {batch_size: 2, parallelism: 2}
              - {name: aggregate_even, type: deferred_convergence, handler: {callable: aggregate},
                 dependencies: [process_even]}
              - {name: aggregate_odd, type: deferred_convergence, handler: {callable: aggregate},
                 dependencies: [process_odd]}
            """;

    @Test
    void a_decision_routes_to_a_batch_whose_workers_and_aggregator_appear_only_once_its_analyzer_plans_them() {
        List<Integer> numbers = List.of(2, 4, 6, 8, 10, 12);
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templateYaml(DECISION_THEN_BATCH, "routed.yaml")
                .handler("count", ctx -> {
                    int evens = 0;
                    for (var n : ctx.getInput("numbers")) {
                        evens += n.asInt() % 2 == 0 ? 1 : 0;
                    }
                    return StepHandlerResult.success(Map.of(
                            "evens", evens, "odds", ctx.getInput("numbers").size() - evens));
                })
                .handler(
                        "route",
                        ctx -> StepHandlerResult.decision(List.of(
                                ctx.getDependencyField("count", "evens").asInt()
                                                >= ctx.getDependencyField("count", "odds")
                                                        .asInt()
                                        ? "even_analyzer"
                                        : "odd_analyzer")))
                .handler("analyzer", ctx -> {
                    String worker = ctx.stepName().startsWith("even") ? "process_even" : "process_odd";
                    return StepHandlerResult.createBatches(
                            worker,
                            dev.tasker.api.CursorConfig.bySize(
                                    0, ctx.getInput("numbers").size(), 2, 10),
                            ctx.getInput("numbers").size());
                })
                .handler("worker", ctx -> {
                    int sum = 0;
                    var cursor = ctx.stepInputs().get("cursor");
                    for (int i = cursor.get("start_cursor").asInt();
                            i < cursor.get("end_cursor").asInt();
                            i++) {
                        sum += ctx.getInput("numbers").get(i).asInt();
                    }
                    return StepHandlerResult.success(Map.of("sum", sum));
                })
                .handler(
                        "aggregate",
                        ctx -> StepHandlerResult.success(Map.of(
                                "total",
                                ctx.getDependencyResults("process_").values().stream()
                                        .mapToInt(r -> r.get("sum").asInt())
                                        .sum(),
                                "workers",
                                ctx.getDependencyResults("process_").size())))
                .build()) {
            TaskSnapshot s = tasker.submit(TaskRequest.of("decisions", "routed_batch", Map.of("numbers", numbers)))
                    .await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state(), () -> s.steps().toString());
            assertEquals(
                    Set.of(
                            "count",
                            "route",
                            "even_analyzer",
                            "process_even_001",
                            "process_even_002",
                            "process_even_003",
                            "aggregate_even"),
                    names(s),
                    "no odd-path step exists");
            assertEquals(42, s.step("aggregate_even").result().get("total").asInt());
            assertEquals(3, s.step("aggregate_even").result().get("workers").asInt());
        }
    }

    private static Set<String> names(TaskSnapshot s) {
        return s.steps().stream().map(StepSnapshot::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
