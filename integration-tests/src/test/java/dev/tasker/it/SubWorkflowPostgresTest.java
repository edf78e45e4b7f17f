package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sub-workflows on one PostgreSQL database shared by two engines: the parent runs on node A, which is full (at most
 * one task owned), so its child goes to the queue and node B runs it. The child's end reaches the parent's node
 * with the child's commit (a nudge on the cancel channel): the parent step completes on A with the child's result,
 * once, also when A restarted while the child ran.
 */
class SubWorkflowPostgresTest {
    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    private volatile CountDownLatch packGate = new CountDownLatch(0);
    /** The node that ran each child's pack step, by child task id. */
    private final Map<UUID, String> packedOn = new ConcurrentHashMap<>();

    private Tasker node(String id) {
        return Tasker.builder()
                .jdbcUrl(database.url())
                .nodeId(id)
                .maxOwnedTasks(1)
                .poolSize(3)
                .queuePollInterval(Duration.ofMillis(200))
                .shutdownGrace(Duration.ofMillis(100))
                .templateYaml(SubWorkflowTest.PARENT, "order.yaml")
                .templateYaml(SubWorkflowTest.CHILD, "ship.yaml")
                .handler("reserve", ctx -> StepHandlerResult.success(Map.of("items", List.of("book", "pen"))))
                .handler("pack", ctx -> {
                    packGate.await();
                    packedOn.put(ctx.taskId(), id);
                    return StepHandlerResult.success(
                            Map.of("boxes", ctx.inputData().path("items").size()));
                })
                .handler("label", SubWorkflowTest.LABEL)
                .handler("notify", SubWorkflowTest.NOTIFY)
                .build();
    }

    private static TaskRequest order(String id) {
        return TaskRequest.of("shop", "order", Map.of("order_id", id));
    }

    private static List<TaskSnapshot> children(Tasker tasker) {
        return tasker.tasks(new TaskQuery(null, "fulfillment", "ship", 100, 0));
    }

    /** The parent's step completed once, recorded by {@code node}, with the child's result. */
    private static void completedOnceOn(Tasker tasker, UUID parent, String node) {
        var completions = tasker.audit(parent).steps().stream()
                .filter(t -> t.stepName().equals("ship") && t.toState() == StepState.COMPLETE)
                .toList();
        assertEquals(1, completions.size(), completions::toString);
        assertEquals(node, completions.get(0).nodeId());
    }

    /** The child's id once its pack step runs (on whichever node), else null. */
    private static UUID packedOnOrRunning(Tasker reader, UUID child) {
        return reader.task(child)
                        .map(c -> c.step("pack").state() == StepState.IN_PROGRESS)
                        .orElse(false)
                ? child
                : null;
    }

    @Test
    void aChildThatEndsOnTheOtherNodeCompletesTheParentStepOnItsNode() {
        packGate = new CountDownLatch(1);
        try (Tasker a = node("node-a");
                Tasker b = node("node-b")) {
            TaskHandle h = a.submit(order("pg-1"));
            Awaits.step(a, h.taskId(), "ship", s -> s.state() == StepState.IN_PROGRESS);
            Awaitility.await().atMost(TestEngines.AWAIT).until(() -> children(a).size() == 1);
            UUID child = children(a).get(0).taskId();
            Awaitility.await().atMost(TestEngines.AWAIT).until(() -> child.equals(packedOnOrRunning(b, child)));
            // The other engine reads the parent from the store: the step's row says what it waits for.
            assertEquals(
                    "waiting_for_child_task: " + child + " (fulfillment/ship)",
                    b.task(h.taskId()).orElseThrow().step("ship").waitingReason());
            packGate.countDown();
            TaskSnapshot done = h.await(Duration.ofSeconds(20));
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals("node-b", packedOn.get(child), "the child ran on the other node");
            assertEquals(
                    2, done.step("ship").result().path("label").path("boxes").asInt());
            assertEquals("pg-1", done.step("notify").result().path("label").asText());
            completedOnceOn(a, h.taskId(), "node-a");
            assertEquals(1, children(a).size());
        }
    }

    @Test
    void theParentsNodeRestartsWhileTheChildRunsOnTheOtherAndTheStepStillCompletesOnce() {
        packGate = new CountDownLatch(1);
        UUID parent;
        UUID child;
        try (Tasker b = node("node-b")) {
            try (Tasker a = node("node-a")) {
                parent = a.submit(order("pg-2")).taskId();
                Awaits.step(a, parent, "ship", s -> s.state() == StepState.IN_PROGRESS);
                Awaitility.await()
                        .atMost(TestEngines.AWAIT)
                        .until(() -> !children(a).isEmpty()
                                && b.task(children(a).get(0).taskId())
                                        .map(c -> c.step("pack").state() == StepState.IN_PROGRESS)
                                        .orElse(false));
                child = children(a).get(0).taskId();
            } // node A leaves: the parent goes back to the queue; B is full with the child
            try (Tasker again = node("node-a")) {
                // The restarted node holds the waiting parent (B, full with the child, could not take it).
                Awaitility.await()
                        .atMost(TestEngines.AWAIT)
                        .until(() -> again.nodes().stream()
                                .anyMatch(n -> n.nodeId().equals("node-a") && n.unfinishedTasks() == 1));
                assertEquals(
                        StepState.IN_PROGRESS,
                        again.task(parent).orElseThrow().step("ship").state());
                packGate.countDown();
                TaskSnapshot done = again.handle(parent).await(Duration.ofSeconds(20));
                assertEquals(TaskState.COMPLETE, done.state());
                assertEquals("node-b", packedOn.get(child), "the child ran on the other node");
                assertEquals("pg-2", done.step("notify").result().path("label").asText());
                completedOnceOn(again, parent, "node-a");
                assertEquals(1, children(again).size(), "one child, whatever the restart");
            }
        }
    }
}
