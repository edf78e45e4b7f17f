package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepEdge;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot's edges: the task's step graph, parent to child, the same live and read back from the store. */
class TaskEdgesTest {
    private static final List<StepEdge> DIAMOND = List.of(
            new StepEdge("diamond_start_py", "diamond_branch_b_py"),
            new StepEdge("diamond_start_py", "diamond_branch_c_py"),
            new StepEdge("diamond_branch_b_py", "diamond_end_py"),
            new StepEdge("diamond_branch_c_py", "diamond_end_py"));

    @Test
    void a_diamond_has_four_edges_in_step_order_both_when_it_finishes_and_when_read_back() {
        try (Tasker tasker = MathHandlers.register(TestEngines.builder(new ManualClock())
                        .templates(Conformance.python("diamond_workflow_handler_py.yaml")))
                .build()) {
            TaskSnapshot finished = Conformance.diamondOfSixEndsAt66_5(tasker);
            assertEquals(TaskState.COMPLETE, finished.state());
            assertEquals(DIAMOND, finished.edges(), "the live task's edges");
            assertEquals(DIAMOND, tasker.task(finished.taskId()).orElseThrow().edges(), "the stored task's edges");
            assertEquals(
                    "diamond_start_py -> diamond_branch_b_py", DIAMOND.get(0).toString());
        }
    }
}
