package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.CursorConfig;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a batch plan stores for its workers, and a plan the engine refuses rather than half-runs. */
class BatchPlanTest {
    static final String TEMPLATE = """
            name: plan
            namespace_name: batches
            version: 1.0.0
            steps:
              - {name: analyze, type: batchable, handler: {callable: analyze}}
              - name: work
                type: batch_worker
                dependencies: [analyze]
                handler: {callable: work}
                batch_config: {batch_size: 10, parallelism: 2, cursor_field: id, failure_strategy: fail_fast}
              - {name: total, type: deferred_convergence, handler: {callable: total}, dependencies: [work]}
            """;

    private static Tasker engine(List<CursorConfig> plan) {
        return TestEngines.builder(new ManualClock())
                .templateYaml(TEMPLATE, "plan.yaml")
                .handler("analyze", ctx -> StepHandlerResult.createBatches("work", plan, 30))
                .handler("work", ctx -> StepHandlerResult.success(Map.of("inputs", ctx.stepInputs())))
                .handler(
                        "total",
                        ctx -> StepHandlerResult.success(Map.of(
                                "workers", ctx.getDependencyResults("work_").keySet())))
                .build();
    }

    @Test
    void each_worker_gets_its_cursor_in_snake_case_and_the_batch_metadata() {
        try (Tasker tasker = engine(CursorConfig.split(30, 3))) {
            TaskSnapshot s =
                    tasker.submit(TaskRequest.of("batches", "plan", Map.of())).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state(), () -> s.steps().toString());
            var inputs = s.step("work_002").result().get("inputs");
            assertEquals("002", inputs.at("/cursor/batch_id").asText());
            assertEquals(10, inputs.at("/cursor/start_cursor").asInt());
            assertEquals(20, inputs.at("/cursor/end_cursor").asInt());
            assertEquals(10, inputs.at("/cursor/batch_size").asInt());
            assertEquals(
                    "fail_fast", inputs.at("/batch_metadata/failure_strategy").asText());
            assertEquals("id", inputs.at("/batch_metadata/cursor_field").asText());
            assertEquals(false, inputs.get("is_no_op").asBoolean());
            assertEquals("work", inputs.get("__template_step_name").asText());
            assertEquals(3, s.step("total").result().get("workers").size());
        }
    }

    @Test
    void a_plan_repeating_a_batch_id_fails_the_batchable_step_naming_it_and_creates_no_worker() {
        List<CursorConfig> plan = List.of(
                new CursorConfig("001", 0, 10, 10),
                new CursorConfig("002", 10, 20, 10),
                new CursorConfig("001", 20, 30, 10));
        try (Tasker tasker = engine(plan)) {
            TaskSnapshot s =
                    tasker.submit(TaskRequest.of("batches", "plan", Map.of())).await(TestEngines.AWAIT);
            assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
            StepSnapshot analyze = s.step("analyze");
            assertEquals(StepState.ERROR, analyze.state());
            assertEquals("permanent_error", analyze.error().get("error_type").asText());
            String message = analyze.error().get("message").asText();
            assertTrue(message.contains("'001'") && message.contains("analyze"), message);
            assertEquals(
                    List.of("analyze"),
                    s.steps().stream().map(StepSnapshot::name).toList());
        }
    }
}
