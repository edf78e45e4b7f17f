package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.SignalResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signals on one PostgreSQL database shared by two engines: a signal sent to the node that does not run the
 * task is recorded and the owner told (the cancel channel's notification); the owner completes the step.
 */
class SignalPostgresTest {
    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    private volatile CountDownLatch gate = new CountDownLatch(0);

    private Tasker node(String id) {
        return Tasker.builder()
                .jdbcUrl(database.url())
                .nodeId(id)
                .poolSize(3)
                .queuePollInterval(Duration.ofMillis(200))
                .templateYaml(SignalTest.TEMPLATE.formatted("fail"), "approval.yaml")
                .handler("gate", ctx -> {
                    gate.await();
                    return StepHandlerResult.success(Map.of("ready", true));
                })
                .handler(
                        "finish",
                        ctx -> StepHandlerResult.success(Map.of(
                                "approved_by",
                                ctx.getDependencyResult("approval").path("by").asText())))
                .build();
    }

    private static TaskRequest request(String key) {
        return TaskRequest.of("sig", "approval", Map.of("amount", 1)).withIdempotencyKey(key);
    }

    @Test
    void aSignalSentToTheOtherNodeCompletesTheWaitingStepOnItsOwner() {
        try (Tasker a = node("node-a");
                Tasker b = node("node-b")) {
            TaskHandle h = a.submit(request("pg-1"));
            Awaits.step(a, h.taskId(), "approval", s -> s.state() == StepState.IN_PROGRESS);
            assertEquals(SignalResult.DELIVERED, b.signal(h.taskId(), "approval", Map.of("by", "node-b")));
            TaskSnapshot done = h.await(Duration.ofSeconds(20));
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals(
                    "node-b", done.step("finish").result().path("approved_by").asText());
            assertEquals("node-a", a.audit(h.taskId()).steps().getLast().nodeId(), "completed by its owner");
            assertEquals(SignalResult.DUPLICATE, b.signal(h.taskId(), "approval", Map.of("by", "again")));
        }
    }

    @Test
    void aSignalSentToTheOtherNodeBeforeTheStepIsReachedIsDeliveredWhenItIs() {
        gate = new CountDownLatch(1);
        try (Tasker a = node("node-a");
                Tasker b = node("node-b")) {
            TaskHandle h = a.submit(request("pg-2"));
            Awaits.step(a, h.taskId(), "prepare", s -> s.state() == StepState.IN_PROGRESS);
            assertEquals(
                    SignalResult.STORED_UNTIL_REACHED, b.signal(request("pg-2"), "approval", Map.of("by", "early")));
            assertEquals(SignalResult.DUPLICATE, b.signal(h.taskId(), "approval", Map.of("by", "late")));
            gate.countDown();
            TaskSnapshot done = h.await(Duration.ofSeconds(20));
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals("early", done.step("approval").result().path("by").asText());
        }
    }
}
