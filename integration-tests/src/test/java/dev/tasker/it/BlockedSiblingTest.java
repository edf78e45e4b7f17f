package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.PermanentError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A step that was ready but not yet started when a sibling failed permanently (fail-fast: nothing new
 * starts) runs once an operator repairs the sibling.
 */
class BlockedSiblingTest {
    static final String DIAMOND = """
            name: diamond
            namespace_name: repair
            version: 1.0.0
            steps:
              - {name: a, handler: {callable: step}}
              - {name: b, handler: {callable: step}, dependencies: [a], retry: {max_attempts: 1}}
              - {name: c, handler: {callable: step}, dependencies: [a]}
              - {name: d, handler: {callable: step}, dependencies: [b, c]}
            """;

    @Test
    void a_ready_sibling_held_back_by_fail_fast_runs_after_the_failed_step_is_reset() {
        Set<String> broken = ConcurrentHashMap.newKeySet();
        broken.add("b");
        // One step of the template at a time, so c is still waiting for its turn when b fails.
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templateYaml(DIAMOND, "diamond.yaml")
                .maxConcurrentSteps("repair", "diamond", 1)
                .handler("step", ctx -> {
                    if (broken.contains(ctx.stepName())) {
                        throw new PermanentError(ctx.stepName() + " is broken");
                    }
                    return StepHandlerResult.success(Map.of("step", ctx.stepName()));
                })
                .build()) {
            TaskHandle h = tasker.submit(TaskRequest.of("repair", "diamond", Map.of()));
            TaskSnapshot blocked = Awaits.settled(tasker, h, TestEngines.AWAIT);
            assertEquals(TaskState.BLOCKED_BY_FAILURES, blocked.state());
            assertEquals(StepState.ERROR, blocked.step("b").state());
            assertEquals(StepState.PENDING, blocked.step("c").state(), "fail-fast: c did not start");

            broken.clear();
            tasker.resetStep(h.taskId(), "b", "ops", "fixed");
            TaskSnapshot done = Awaits.settled(tasker, h, TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state(), () -> done.steps().toString());
            assertEquals(1, done.step("c").attempts());
        }
    }
}
