package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.ErrorType;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.NodeInfo;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.TaskTransition;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two engines (in one JVM, for the operator paths; the separate-JVM cases are in {@link MultiNodeTest})
 * on one PostgreSQL schema: a cancel asked on the node that does not run the task, a blocked task
 * repaired from the other node, an await on a node that does not run the task, and the node registry.
 */
class MultiNodeOperatorTest {
    private static final String TEMPLATE = """
            name: guarded
            namespace_name: ops
            version: 1.0.0
            steps:
              - name: work
                handler: {callable: work}
                retry: {max_attempts: 1}
            """;

    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final AtomicBoolean block = new AtomicBoolean(true);
    private final AtomicBoolean fail = new AtomicBoolean(false);

    private Tasker node(String id) {
        return node(id, 1_000);
    }

    private Tasker node(String id, int maxOwned) {
        return Tasker.builder()
                .jdbcUrl(database.url())
                .nodeId(id)
                .poolSize(3)
                .templateYaml(TEMPLATE, "guarded.yaml")
                .maxOwnedTasks(maxOwned)
                .queuePollInterval(Duration.ofMillis(200))
                .handler("work", ctx -> {
                    if (fail.get()) {
                        return StepHandlerResult.failure("the ledger refused it", ErrorType.PERMANENT_ERROR, false);
                    }
                    if (block.get()) {
                        started.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                        }
                    }
                    return StepHandlerResult.success(Map.of("done", true));
                })
                .build();
    }

    @Test
    void a_cancel_asked_on_another_node_interrupts_the_owner_and_is_recorded_once() throws Exception {
        try (Tasker a = node("node-a");
                Tasker b = node("node-b")) {
            TaskHandle h = a.submit(TaskRequest.of("ops", "guarded", Map.of("n", 1)));
            assertTrue(started.await(20, TimeUnit.SECONDS), "the step runs on node-a");
            assertTrue(b.cancel(h.taskId(), "ops-team", "customer withdrew"), "cancelled through node-b");
            assertTrue(interrupted.await(20, TimeUnit.SECONDS), "node-a interrupted its running handler");
            TaskSnapshot s = h.await(Duration.ofSeconds(20));
            assertEquals(TaskState.CANCELLED, s.state());
            List<TaskTransition> cancels = a.audit(h.taskId()).task().stream()
                    .filter(t -> t.toState() == TaskState.CANCELLED)
                    .toList();
            assertEquals(1, cancels.size());
            assertEquals("ops-team", cancels.get(0).actor());
            assertEquals("customer withdrew", cancels.get(0).reason());
            assertEquals("node-a", cancels.get(0).nodeId(), "recorded by the node that ran the task");
            assertTrue(!b.cancel(h.taskId(), "ops-team", "again"), "a finished task is not cancelled again");
        }
    }

    @Test
    void a_task_blocked_on_one_node_is_repaired_from_another_and_finishes_there() {
        block.set(false);
        fail.set(true);
        try (Tasker a = node("node-a");
                Tasker b = node("node-b")) {
            TaskHandle h = a.submit(TaskRequest.of("ops", "guarded", Map.of("n", 2)));
            assertEquals(
                    TaskState.BLOCKED_BY_FAILURES,
                    h.await(Duration.ofSeconds(20)).state());
            await().atMost(Duration.ofSeconds(20)).until(() -> a.liveTaskCount() == 0);
            fail.set(false);
            b.retryTask(h.taskId(), "ops-team", "ledger fixed");
            TaskSnapshot s = b.handle(h.taskId()).await(Duration.ofSeconds(20));
            assertEquals(TaskState.COMPLETE, s.state());
            assertEquals(StepState.COMPLETE, s.step("work").state());
            assertEquals(
                    TaskState.COMPLETE,
                    a.handle(h.taskId()).await(Duration.ofSeconds(20)).state(),
                    "an await on the other node sees it too");
            assertEquals("node-b", a.audit(h.taskId()).steps().getLast().nodeId());
        }
    }

    @Test
    void queued_tasks_a_node_cannot_run_are_left_to_the_nodes_that_can() {
        block.set(false);
        // node-old lacks the template (a rolling deploy); it is idle, so it sees the queue first.
        try (Tasker old = Tasker.builder()
                        .jdbcUrl(database.url())
                        .nodeId("node-old")
                        .poolSize(3)
                        .templateYaml(TEMPLATE.replace("name: guarded", "name: other"), "other.yaml")
                        .handler("work", ctx -> StepHandlerResult.success(Map.of()))
                        .queuePollInterval(Duration.ofMillis(200))
                        .build();
                Tasker a = node("node-a", 1)) {
            List<TaskHandle> handles = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                handles.add(a.submit(TaskRequest.of("ops", "guarded", Map.of("n", 10 + i))));
            }
            for (TaskHandle h : handles) {
                assertEquals(TaskState.COMPLETE, h.await(Duration.ofSeconds(30)).state());
                assertTrue(
                        a.audit(h.taskId()).steps().stream()
                                .allMatch(t -> t.nodeId().equals("node-a")),
                        "only the node with the template ran it");
            }
            assertEquals(0, old.liveTaskCount());
        }
    }

    @Test
    void a_node_declared_dead_while_its_step_runs_commits_nothing_more_and_joins_again() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean firstAttempt = new AtomicBoolean(true);
        try (Tasker a = Tasker.builder()
                        .jdbcUrl(database.url())
                        .nodeId("node-a")
                        .poolSize(3)
                        .templateYaml(TEMPLATE.replace("max_attempts: 1", "max_attempts: 3"), "guarded.yaml")
                        .queuePollInterval(Duration.ofMillis(200))
                        .handler("work", ctx -> {
                            if (firstAttempt.getAndSet(false)) {
                                started.countDown();
                                release.await();
                            }
                            return StepHandlerResult.success(Map.of("attempt", ctx.attempt()));
                        })
                        .build();
                var store = new dev.tasker.store.jdbc.JdbcWorkflowStoreProvider()
                        .open(new dev.tasker.engine.store.spi.StoreConfig(null, database.url(), null, null, 3, null))) {
            TaskHandle h = a.submit(TaskRequest.of("ops", "guarded", Map.of("n", 4)));
            assertTrue(started.await(20, TimeUnit.SECONDS));
            // As another node would after node-a's lease ran out (a long pause): it is declared dead and its
            // tasks go back to the queue.
            try (var c = java.sql.DriverManager.getConnection(database.url());
                    var st = c.createStatement()) {
                st.execute("UPDATE tasker_nodes SET lease_expires_at = now() - interval '1 second'");
            }
            assertEquals(1, store.nodes().orElseThrow().expireLapsed().size());
            release.countDown(); // the paused attempt finishes: its completion must not be committed
            TaskSnapshot s = h.await(Duration.ofSeconds(30));
            assertEquals(TaskState.COMPLETE, s.state());
            assertEquals(2, s.step("work").attempts(), "the attempt of the dead node was counted, the step ran again");
            assertEquals(2, s.step("work").result().get("attempt").asInt(), "the result is the second attempt's");
            long completions = a.audit(h.taskId()).steps().stream()
                    .filter(t -> t.toState() == StepState.COMPLETE)
                    .count();
            assertEquals(1, completions, "the fenced node's completion was refused");
            NodeInfo node = a.nodes().getFirst();
            assertEquals("node-a", node.nodeId());
            assertTrue(node.epoch() >= 2 && node.status().equals(NodeInfo.ALIVE), "node-a joined again: " + node);
        }
    }

    @Test
    void a_repair_made_by_an_operator_tool_is_carried_on_by_the_running_node_at_once() {
        block.set(false);
        fail.set(true);
        try (Tasker a = node("node-a")) {
            TaskHandle h = a.submit(TaskRequest.of("ops", "guarded", Map.of("n", 5)));
            assertEquals(
                    TaskState.BLOCKED_BY_FAILURES,
                    h.await(Duration.ofSeconds(20)).state());
            fail.set(false);
            // What `./tasker step-action ... reset` does: an engine that runs no step applies the action.
            try (TaskerClient tool = Tasker.builder()
                    .jdbcUrl(database.url())
                    .templateYaml(TEMPLATE, "guarded.yaml")
                    .buildClient()) {
                tool.resetStep(h.taskId(), "work", "ops-team", "ledger fixed");
            }
            TaskSnapshot s = a.handle(h.taskId()).await(Duration.ofSeconds(20));
            assertEquals(TaskState.COMPLETE, s.state());
            assertEquals("node-a", a.audit(h.taskId()).steps().getLast().nodeId(), "the running node ran it");
            assertEquals(
                    List.of("node-a"), a.nodes().stream().map(NodeInfo::nodeId).toList(), "the tool left the registry");
        }
    }

    @Test
    void a_step_repair_of_a_task_another_node_runs_names_that_node() throws Exception {
        try (Tasker a = node("node-a");
                Tasker b = node("node-b")) {
            TaskHandle h = a.submit(TaskRequest.of("ops", "guarded", Map.of("n", 3)));
            assertTrue(started.await(20, TimeUnit.SECONDS));
            OperatorActionException e = assertThrows(
                    OperatorActionException.class, () -> b.resolveStep(h.taskId(), "work", "ops-team", "skip"));
            assertTrue(e.getMessage().contains("is running on node node-a"), e.getMessage());
            List<NodeInfo> nodes = b.nodes();
            assertEquals(
                    List.of("node-a", "node-b"),
                    nodes.stream().map(NodeInfo::nodeId).toList());
            assertEquals(1, nodes.get(0).unfinishedTasks());
            assertTrue(nodes.stream().allMatch(n -> n.status().equals(NodeInfo.ALIVE)));
            a.cancel(h.taskId());
        }
    }
}
