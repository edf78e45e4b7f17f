package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Independent steps run at the same time: proved with a barrier both branches must reach together. */
class ParallelismTest {

    @Test
    void diamond_branches_run_at_the_same_time() {
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templates(Conformance.python("diamond_workflow_handler_py.yaml"))
                .handler("diamond_workflow.step_handlers.DiamondStartHandler", MathHandlers::square)
                .handler("diamond_workflow.step_handlers.DiamondBranchBHandler", ctx -> {
                    bothRunning.await(10, TimeUnit.SECONDS);
                    return StepHandlerResult.success(Map.of("result", 1));
                })
                .handler("diamond_workflow.step_handlers.DiamondBranchCHandler", ctx -> {
                    bothRunning.await(10, TimeUnit.SECONDS);
                    return StepHandlerResult.success(Map.of("result", 2));
                })
                .handler(
                        "diamond_workflow.step_handlers.DiamondEndHandler",
                        ctx -> StepHandlerResult.success(Map.of(
                                "b",
                                ctx.getDependencyResult("diamond_branch_b_py"),
                                "c",
                                ctx.getDependencyResult("diamond_branch_c_py"))))
                .build()) {
            TaskSnapshot s = tasker.submit(
                            TaskRequest.of("diamond_workflow_py", "parallel_computation_py", Map.of("even_number", 2)))
                    .await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state(), () -> "a branch waited alone: " + s.steps());
            assertEquals(
                    1, s.step("diamond_end_py").result().get("b").get("result").asInt());
            assertEquals(
                    2, s.step("diamond_end_py").result().get("c").get("result").asInt());
        }
    }

    @Test
    void a_step_starts_only_after_its_parents_complete() {
        StringBuffer order = new StringBuffer();
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templates(Conformance.python("diamond_workflow_handler_py.yaml"))
                .handler("diamond_workflow.step_handlers.DiamondStartHandler", ctx -> {
                    order.append("start;");
                    return StepHandlerResult.success(Map.of("result", 1));
                })
                .handler("diamond_workflow.step_handlers.DiamondBranchBHandler", ctx -> {
                    order.append("b;");
                    return StepHandlerResult.success(Map.of("result", 1));
                })
                .handler("diamond_workflow.step_handlers.DiamondBranchCHandler", ctx -> {
                    order.append("c;");
                    return StepHandlerResult.success(Map.of("result", 2));
                })
                .handler("diamond_workflow.step_handlers.DiamondEndHandler", ctx -> {
                    order.append("end;");
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            tasker.submit(TaskRequest.of("diamond_workflow_py", "parallel_computation_py", Map.of("even_number", 4)))
                    .await(TestEngines.AWAIT);
            String o = order.toString();
            assertEquals(true, o.startsWith("start;") && o.endsWith("end;") && o.contains("b;") && o.contains("c;"), o);
        }
    }
}
