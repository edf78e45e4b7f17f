package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.PermanentError;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskLink;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.UnknownTemplateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sub-workflows (template {@code extensions.sub_workflows}): a step starts a task of another template with an
 * input built from its context and dependencies, and completes with that task's result or fails with its error;
 * a cancel goes down to the child; one child per step, whatever restarts or retries happen.
 */
class SubWorkflowTest {
    static final String PARENT = """
            name: order
            namespace_name: shop
            version: 1.0.0
            steps:
              - name: reserve
                handler: {callable: reserve}
              - name: ship
                dependencies: [reserve]
                handler: {callable: sub.workflow}
              - name: notify
                dependencies: [ship]
                handler: {callable: notify}
            extensions:
              sub_workflows:
                ship:
                  namespace: fulfillment
                  name: ship
                  input:
                    order_id: $.context.order_id
                    items: $.steps.reserve.result.items
            """;
    static final String CHILD = """
            name: ship
            namespace_name: fulfillment
            version: 1.0.0
            steps:
              - name: pack
                handler: {callable: pack}
                retry: {max_attempts: 3}
              - name: label
                dependencies: [pack]
                handler: {callable: label}
            """;

    /** The child's label step and the parent's notify step, shared with {@link SubWorkflowPostgresTest}. */
    static final StepHandler LABEL = ctx -> StepHandlerResult.success(Map.of(
            "order",
            ctx.inputData().path("order_id").asText(),
            "boxes",
            ctx.getDependencyResult("pack").path("boxes").asInt()));

    static final StepHandler NOTIFY = ctx -> StepHandlerResult.success(Map.of(
            "label", ctx.getDependencyResult("ship").path("label").path("order").asText()));

    private final ManualClock clock = new ManualClock();
    private final AtomicBoolean packFails = new AtomicBoolean();
    private volatile CountDownLatch packGate = new CountDownLatch(0);

    private TaskerBuilder builder(String url) {
        return Tasker.builder()
                .jdbcUrl(url)
                .clock(clock)
                .backoffJitter(0)
                .poolSize(2)
                .templateYaml(PARENT, "order.yaml")
                .templateYaml(CHILD, "ship.yaml")
                .handler("reserve", ctx -> StepHandlerResult.success(Map.of("items", List.of("book", "pen"))))
                .handler("pack", ctx -> {
                    packGate.await();
                    if (packFails.get()) {
                        throw new PermanentError(
                                "the box is too small for " + ctx.inputData().path("items"));
                    }
                    return StepHandlerResult.success(
                            Map.of("boxes", ctx.inputData().path("items").size()));
                })
                .handler("label", LABEL)
                .handler("notify", NOTIFY);
    }

    private static TaskRequest order(String id) {
        return TaskRequest.of("shop", "order", Map.of("order_id", id));
    }

    private static List<TaskSnapshot> children(Tasker tasker) {
        return tasker.tasks(new TaskQuery(null, "fulfillment", "ship", 100, 0));
    }

    @Test
    void theStepCompletesWithTheChildsResultAndBothAreLinked() {
        try (Tasker tasker = builder(TestEngines.memoryUrl()).build()) {
            TaskHandle h = tasker.submit(order("o-1"));
            TaskSnapshot done = h.await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            var ship = done.step("ship").result();
            assertEquals("o-1", ship.path("label").path("order").asText(), ship.toString());
            assertEquals(2, ship.path("label").path("boxes").asInt());
            assertEquals("o-1", done.step("notify").result().path("label").asText());

            List<TaskSnapshot> children = children(tasker);
            assertEquals(1, children.size());
            TaskSnapshot child = tasker.task(children.get(0).taskId()).orElseThrow();
            assertEquals(new TaskLink(h.taskId(), "ship", child.taskId()), child.parent());
            assertEquals(List.of(new TaskLink(h.taskId(), "ship", child.taskId())), done.children());
            assertEquals("[\"book\",\"pen\"]", child.context().path("items").toString());
            assertEquals("o-1", child.context().path("order_id").asText());
            AuditTrail audit = tasker.audit(h.taskId());
            assertTrue(
                    audit.toString().contains(child.taskId().toString()),
                    "the parent's audit names the child it started");
        }
    }

    @Test
    void theChildsFailureFailsTheStepAndARetryDoesNotStartASecondChild() {
        packFails.set(true);
        try (Tasker tasker = builder(TestEngines.memoryUrl()).build()) {
            TaskHandle h = tasker.submit(order("o-2"));
            var failed = Awaits.step(tasker, h.taskId(), "ship", s -> s.state() == StepState.ERROR);
            String message = failed.error().path("message").asText();
            assertTrue(message.contains("the box is too small"), message);
            assertNotNull(failed.error().path("child_task_id").asText(null));

            tasker.resetStep(h.taskId(), "ship", "alice", "try again");
            Awaits.step(tasker, h.taskId(), "ship", s -> s.state() == StepState.ERROR && s.attempts() == 1);
            assertEquals(1, children(tasker).size(), "the retry found the child the step had started");
        }
    }

    @Test
    void cancellingTheParentCancelsTheChild() {
        packGate = new CountDownLatch(1);
        try (Tasker tasker = builder(TestEngines.memoryUrl()).build()) {
            TaskHandle h = tasker.submit(order("o-3"));
            Awaits.step(tasker, h.taskId(), "ship", s -> s.state() == StepState.IN_PROGRESS);
            org.awaitility.Awaitility.await()
                    .atMost(TestEngines.AWAIT)
                    .until(() -> children(tasker).size() == 1);
            UUID child = children(tasker).get(0).taskId();
            assertTrue(tasker.cancel(h.taskId()));
            assertEquals(
                    TaskState.CANCELLED,
                    tasker.handle(child).await(TestEngines.AWAIT).state());
            packGate.countDown();
        }
    }

    @Test
    void aRestartWhileTheChildRunsKeepsOneChildAndTheParentTakesItsResult(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("sub").toAbsolutePath();
        packGate = new CountDownLatch(1);
        UUID parent;
        try (Tasker first =
                builder(url).shutdownGrace(java.time.Duration.ofMillis(100)).build()) {
            parent = first.submit(order("o-4")).taskId();
            Awaits.step(first, parent, "ship", s -> s.state() == StepState.IN_PROGRESS);
            org.awaitility.Awaitility.await()
                    .atMost(TestEngines.AWAIT)
                    .until(() -> children(first).size() == 1);
        }
        packGate = new CountDownLatch(0);
        try (Tasker second = builder(url).build()) {
            TaskSnapshot done = second.handle(parent).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals("o-4", done.step("notify").result().path("label").asText());
            assertEquals(1, children(second).size(), "one child, whatever the restart");
        }
    }

    @Test
    void aSubWorkflowNamingATemplateThatIsNotLoadedFailsTheBuild() {
        var e = assertThrows(
                UnknownTemplateException.class,
                () -> Tasker.builder()
                        .jdbcUrl(TestEngines.memoryUrl())
                        .templateYaml(PARENT, "order.yaml")
                        .handler("reserve", ctx -> StepHandlerResult.success(Map.of()))
                        .handler("notify", ctx -> StepHandlerResult.success(Map.of()))
                        .build());
        assertTrue(e.getMessage().contains("fulfillment/ship is not loaded"), e.getMessage());
    }
}
