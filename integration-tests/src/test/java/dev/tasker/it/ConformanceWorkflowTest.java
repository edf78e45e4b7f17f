package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's linear and diamond fixtures, run unchanged with Java handlers (reference §8.1). */
class ConformanceWorkflowTest {

    private Tasker engine() {
        return MathHandlers.register(TestEngines.builder(new ManualClock())
                        .templates(
                                Conformance.python("linear_workflow_handler_py.yaml"),
                                Conformance.python("diamond_workflow_handler_py.yaml")))
                .build();
    }

    @Test
    void linear_workflow_of_six_ends_at_69() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = Conformance.linearOfSixEndsAt69(tasker);
            s.steps().forEach(step -> {
                assertEquals(StepState.COMPLETE, step.state(), step.name());
                assertEquals(1, step.attempts(), step.name());
            });
        }
    }

    @Test
    void diamond_workflow_of_six_ends_at_66_5() {
        try (Tasker tasker = engine()) {
            Conformance.diamondOfSixEndsAt66_5(tasker);
        }
    }

    @Test
    void diamond_results_match_the_reference_for_four_and_ten() {
        try (Tasker tasker = engine()) {
            assertEquals(36.5, endOf(tasker, 4));
            assertEquals(162.5, endOf(tasker, 10));
        }
    }

    @Test
    void the_stored_task_reads_back_the_same_as_the_settled_snapshot() {
        try (Tasker tasker = engine()) {
            var handle = tasker.submit(
                    TaskRequest.of("linear_workflow_py", "mathematical_sequence_py", Map.of("even_number", 4)));
            TaskSnapshot settled = handle.await(TestEngines.AWAIT);
            TaskSnapshot stored = tasker.task(handle.taskId()).orElseThrow();
            assertEquals(settled.state(), stored.state());
            assertEquals(
                    39.0, stored.step("linear_step_4_py").result().get("result").asDouble());
            assertEquals(settled.steps().size(), stored.steps().size());
        }
    }

    private static double endOf(Tasker tasker, int n) {
        return tasker.submit(TaskRequest.of("diamond_workflow_py", "parallel_computation_py", Map.of("even_number", n)))
                .await(TestEngines.AWAIT)
                .step("diamond_end_py")
                .result()
                .get("result")
                .asDouble();
    }
}
