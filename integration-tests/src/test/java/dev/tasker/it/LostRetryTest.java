package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.CursorConfig;
import dev.tasker.api.PermanentError;
import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #11, the lost retry timer on PostgreSQL: a task stayed in {@code waiting_for_retry} long past its
 * retry time on a live, idle node until that node restarted. Each test provokes one path that left a due
 * retry with nobody to run it (engines in one JVM on one schema, a {@link FaultyDataSource} to fail chosen
 * statements) and checks that the retry runs on time: within {@link #ON_TIME} of being due, whatever
 * happened to the node that scheduled it.
 */
class LostRetryTest {
    /** A due retry starts within a second; the margin covers a cycle and a handler start on a busy machine. */
    private static final Duration ON_TIME = Duration.ofMillis(1_500);

    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final String TEMPLATE = """
            name: payment
            namespace_name: retry
            version: 1.0.0
            steps:
              - name: charge
                handler: {callable: charge}
                retry: {max_attempts: 3, max_backoff_ms: 60000}
              - name: receipt
                handler: {callable: receipt}
                dependencies: [charge]
            """;
    private static final String BATCH = """
            name: isolated
            namespace_name: retry
            version: 1.0.0
            steps:
              - {name: plan, type: batchable, handler: {callable: plan}}
              - name: item
                type: batch_worker
                dependencies: [plan]
                handler: {callable: item}
                retry: {max_attempts: 2, max_backoff_ms: 60000}
                batch_config: {batch_size: 1, parallelism: 3, failure_strategy: isolate}
              - {name: sum, type: deferred_convergence, handler: {callable: sum}, dependencies: [item]}
            """;

    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    /** One handler start: which task, step, attempt, node, and when. */
    record Run(UUID task, String step, int attempt, String node, Instant at) {}

    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final CountDownLatch unblock = new CountDownLatch(1);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        unblock.countDown();
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /**
     * A node whose handlers fail the first attempt of {@code charge} with the retry-after of the task's
     * {@code retry_after_ms} and block the first attempt when the task says {@code block}.
     */
    private TaskerBuilder node(String id, FaultyDataSource ds) {
        TaskerBuilder b = Tasker.builder()
                .nodeId(id)
                .backoffJitter(0)
                .queuePollInterval(Duration.ofMillis(500))
                .templateYaml(TEMPLATE, "payment.yaml")
                .templateYaml(BATCH, "isolated.yaml")
                .handler("charge", ctx -> {
                    runs.add(new Run(ctx.taskId(), ctx.stepName(), ctx.attempt(), id, Instant.now()));
                    if (ctx.attempt() == 1 && ctx.getInput("block") != null) {
                        unblock.await();
                    }
                    if (ctx.attempt() == 1 && ctx.getInput("retry_after_ms") != null) {
                        throw new RetryableError(
                                "card network busy",
                                Duration.ofMillis(ctx.getInput("retry_after_ms").asLong()));
                    }
                    return StepHandlerResult.success(Map.of("charged", true));
                })
                .handler("receipt", ctx -> StepHandlerResult.success(Map.of("sent", true)))
                .handler("plan", ctx -> StepHandlerResult.createBatches("item", CursorConfig.split(3, 3), 3))
                .handler("item", ctx -> {
                    runs.add(new Run(ctx.taskId(), ctx.stepName(), ctx.attempt(), id, Instant.now()));
                    if (ctx.stepName().equals("item_002")) {
                        throw new PermanentError("item_002 cannot read its input");
                    }
                    if (ctx.stepName().equals("item_003") && ctx.attempt() == 1) {
                        throw new RetryableError("item_003 timed out upstream", Duration.ofSeconds(2));
                    }
                    return StepHandlerResult.success(Map.of("done", ctx.stepName()));
                })
                .handler("sum", ctx -> StepHandlerResult.success(Map.of()));
        return ds == null ? b.jdbcUrl(database.url()).poolSize(4) : b.dataSource(ds);
    }

    private Tasker start(TaskerBuilder b) {
        Tasker t = b.build();
        closing.add(t);
        return t;
    }

    private FaultyDataSource faulty() {
        FaultyDataSource ds = new FaultyDataSource(database.url(), 4);
        closing.add(ds);
        return ds;
    }

    private static TaskRequest payment(Map<String, ?> context) {
        return TaskRequest.of("retry", "payment", context);
    }

    /** The step's retry time, once it waits for one. */
    private static Instant retryDue(Tasker any, UUID task, String step) {
        StepSnapshot[] found = new StepSnapshot[1];
        await().atMost(AWAIT).until(() -> {
            StepSnapshot s = any.task(task).orElseThrow().steps().stream()
                    .filter(x -> x.name().equals(step))
                    .findFirst()
                    .orElse(null); // a batch worker exists once its batch is planned
            found[0] = s;
            return s != null && s.state() == StepState.WAITING_FOR_RETRY && s.nextAttemptAt() != null;
        });
        return found[0].nextAttemptAt();
    }

    /** Waits for attempt 2 of the step and checks it started within {@link #ON_TIME} of {@code due}. */
    private Run assertRetryOnTime(UUID task, String step, Instant due) {
        await().atMost(Duration.between(Instant.now(), due).plus(AWAIT)).until(() -> retryRun(task, step) != null);
        Run retry = retryRun(task, step);
        Duration late = Duration.between(due, retry.at());
        assertTrue(!late.isNegative(), "the retry did not start before it was due: " + late);
        assertTrue(
                late.compareTo(ON_TIME) <= 0,
                step + " of " + task + " was due at " + due + " and started " + late.toMillis() + " ms later, on "
                        + retry.node());
        return retry;
    }

    private Run retryRun(UUID task, String step) {
        return runs.stream()
                .filter(r -> r.task().equals(task) && r.step().equals(step) && r.attempt() == 2)
                .findFirst()
                .orElse(null);
    }

    private long runsOf(UUID task, String step) {
        return runs.stream()
                .filter(r -> r.task().equals(task) && r.step().equals(step))
                .count();
    }

    private WorkflowStore store() {
        WorkflowStore s =
                new JdbcWorkflowStoreProvider().open(new StoreConfig(null, database.url(), null, null, 2, null));
        closing.add(s);
        return s;
    }

    /** As another node does once a lease ran out: the node is declared dead and its tasks go back to the queue. */
    private void declareDead(String node) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url());
                Statement st = c.createStatement()) {
            st.execute("UPDATE tasker_nodes SET lease_expires_at = now() - interval '1 second' WHERE node_id = '" + node
                    + "'");
        }
        assertEquals(1, store().nodes().orElseThrow().expireLapsed().size());
    }

    @Test
    void a_due_retry_runs_on_time_on_the_survivor_after_the_node_that_scheduled_it_is_cut_off() throws Exception {
        FaultyDataSource dsA = faulty();
        Tasker a = start(node("node-a", dsA).leaseDuration(Duration.ofMillis(1_500)));
        Tasker b = start(node("node-b", null).leaseDuration(Duration.ofMillis(1_500)));
        TaskHandle h = a.submit(payment(Map.of("retry_after_ms", 5_000)));
        Instant due = retryDue(b, h.taskId(), "charge");
        // node-a is cut off (as if killed): its lease lapses, node-b declares it dead and takes the task over.
        dsA.down(true);
        Run retry = assertRetryOnTime(h.taskId(), "charge", due);
        assertEquals("node-b", retry.node(), "the survivor ran the retry");
        assertEquals(TaskState.COMPLETE, b.handle(h.taskId()).await(AWAIT).state());
        assertEquals(2, runsOf(h.taskId(), "charge"), "the cut-off node did not run the retry too");
        dsA.down(false); // node-a finds it was declared dead, drops its tasks and joins again
        await().atMost(AWAIT)
                .until(() -> a.nodes().stream()
                        .anyMatch(n -> n.nodeId().equals("node-a") && n.status().equals("alive") && n.epoch() >= 2));
        assertEquals(2, runsOf(h.taskId(), "charge"));
    }

    @Test
    void a_claimed_task_whose_load_fails_goes_back_to_the_queue_and_runs() {
        // node-a owns at most one task and is busy with it: the second task it submits is queued.
        Tasker a = start(node("node-a", null).maxOwnedTasks(1));
        TaskHandle busy = a.submit(payment(Map.of("block", true)));
        await().atMost(AWAIT).until(() -> runsOf(busy.taskId(), "charge") == 1);
        FaultyDataSource dsB = faulty();
        // node-b's claimer cannot load the first task it claims (the database blinks just then).
        var left = dsB.failNext(
                "tasker-claimer",
                sql -> sql.startsWith("SELECT") && sql.contains("FROM tasker_tasks WHERE task_id IN"),
                1);
        Tasker b = start(node("node-b", dsB));
        TaskHandle queued = a.submit(payment(Map.of("n", 2)));
        await().atMost(AWAIT).until(() -> left.get() == 0);
        TaskSnapshot done = queued.await(AWAIT);
        assertEquals(TaskState.COMPLETE, done.state(), "the task claimed and not loaded was put back and run");
        assertEquals(
                "node-b",
                runs.stream()
                        .filter(r -> r.task().equals(queued.taskId()))
                        .findFirst()
                        .orElseThrow()
                        .node());
        await().atMost(AWAIT).until(() -> b.liveTaskCount() == 0);
    }

    @Test
    void a_task_rebuilt_for_an_operator_action_keeps_its_waiting_retry() {
        // node-b owns at most one task, and holds one: it takes nothing from the queue.
        Tasker b = start(node("node-b", null).maxOwnedTasks(1));
        TaskHandle busy = b.submit(payment(Map.of("block", true)));
        await().atMost(AWAIT).until(() -> runsOf(busy.taskId(), "charge") == 1);
        Tasker a = start(node("node-a", null));
        TaskHandle h = a.submit(payment(Map.of("retry_after_ms", 4_000)));
        Instant due = retryDue(a, h.taskId(), "charge");
        closing.remove(a);
        a.close(); // leaves: the task waits for its retry in the queue, unowned
        // An operator settles the receipt by hand through node-b, which takes the task into its memory for it.
        b.completeStep(h.taskId(), "receipt", Map.of("sent", "by hand"), "ops", "sent from the back office");
        // The retry's timer is armed at once (the database keeps microseconds of the in-memory time).
        await().atMost(Duration.ofSeconds(5))
                .until(() -> b.stats().nextWakeUp() != null
                        && Duration.between(b.stats().nextWakeUp(), due).abs().toMillis() < 1);
        assertRetryOnTime(h.taskId(), "charge", due);
        assertEquals(TaskState.COMPLETE, b.handle(h.taskId()).await(AWAIT).state());
    }

    @Test
    void a_task_owned_in_the_database_but_in_no_memory_is_found_and_its_due_retry_runs_on_time() throws Exception {
        // The safety net, for whatever path may still leave a task so: node-b owns a task it never loaded.
        Tasker b = start(node("node-b", null).maxOwnedTasks(1));
        TaskHandle busy = b.submit(payment(Map.of("block", true)));
        await().atMost(AWAIT).until(() -> runsOf(busy.taskId(), "charge") == 1);
        Tasker a = start(node("node-a", null));
        TaskHandle h = a.submit(payment(Map.of("retry_after_ms", 3_000)));
        Instant due = retryDue(a, h.taskId(), "charge");
        closing.remove(a);
        a.close(); // the task waits for its retry in the queue; node-b is full and does not claim it
        try (Connection c = DriverManager.getConnection(database.url());
                Statement st = c.createStatement()) {
            assertEquals(
                    1,
                    st.executeUpdate(
                            "UPDATE tasker_tasks SET node_id = 'node-b' WHERE task_id = '" + h.taskId() + "'"));
        }
        Run retry = assertRetryOnTime(h.taskId(), "charge", due);
        assertEquals("node-b", retry.node());
        assertEquals(TaskState.COMPLETE, b.handle(h.taskId()).await(AWAIT).state());
    }

    @Test
    void a_submit_refused_because_the_node_was_fenced_out_frees_the_slot_of_its_claimed_step() throws Exception {
        Tasker a = start(node("node-a", null).maxConcurrentSteps(1));
        declareDead("node-a");
        // The submit's batch (the task and its first step, claimed) is refused: node-a drops everything, joins
        // again and submits the task once more. The claimed step's slot must not stay taken.
        TaskHandle h = a.submit(payment(Map.of("n", 1)));
        assertEquals(TaskState.COMPLETE, h.await(AWAIT).state());
        // With one step at a time, the task could only finish if the slot was freed; none stays taken.
        await().atMost(Duration.ofSeconds(5)).until(() -> a.stats().runningSteps() == 0);
        assertTrue(a.nodes().getFirst().epoch() >= 2, "node-a joined again");
    }

    @Test
    void a_resumption_loaded_before_the_node_was_fenced_out_is_not_run_after_it_joined_again() throws Exception {
        FaultyDataSource dsB = faulty();
        Tasker b = start(node("node-b", dsB));
        // node-c owns at most one task and is busy with it: what it submits next is queued.
        Tasker c = start(node("node-c", null).maxOwnedTasks(1));
        TaskHandle busy = c.submit(payment(Map.of("block", true)));
        await().atMost(AWAIT).until(() -> runsOf(busy.taskId(), "charge") == 1);
        // node-b's loop stalls in its next commit (a slow database), at the fence: on PostgreSQL the store sends it
        // inside the batch's first statement (with the new rows), so the statement contains it...
        FaultyDataSource.Hold stalled =
                dsB.holdNext("tasker-engine-loop", sql -> sql.contains("SELECT epoch, status FROM tasker_nodes"));
        CountDownLatch loaded =
                dsB.seen("tasker-claimer", sql -> sql.contains("FROM tasker_step_checkpoints WHERE task_id IN"), 1);
        Thread submitter = Thread.ofVirtual().start(() -> b.submit(payment(Map.of("n", 1))));
        assertTrue(stalled.reached().await(30, java.util.concurrent.TimeUnit.SECONDS));
        // ...while its claimer takes the queued task and loads it: the resumption waits for the loop.
        TaskHandle queued = c.submit(payment(Map.of("n", 2)));
        assertTrue(loaded.await(30, java.util.concurrent.TimeUnit.SECONDS));
        // node-b is declared dead meanwhile (the task goes back to the queue) and from now on claims nothing.
        dsB.failNext(
                "tasker-claimer",
                sql -> sql.startsWith("UPDATE tasker_tasks SET node_id = ? WHERE task_id IN (SELECT"),
                1_000_000);
        declareDead("node-b");
        stalled.release(); // the stalled commit is refused: node-b drops its tasks and joins again
        await().atMost(AWAIT)
                .until(() -> b.nodes().stream()
                        .anyMatch(n -> n.nodeId().equals("node-b") && n.status().equals("alive") && n.epoch() >= 2));
        unblock.countDown(); // node-c finishes its task and takes the queued one
        assertEquals(TaskState.COMPLETE, queued.await(AWAIT).state());
        submitter.join();
        List<String> ranOn = runs.stream()
                .filter(r -> r.task().equals(queued.taskId()))
                .map(Run::node)
                .toList();
        assertEquals(
                List.of("node-c"),
                ranOn,
                "only the node that owns the task ran it; node-b, which had loaded"
                        + " it before it was fenced out, did not resume it after joining again");
    }

    @Test
    void a_lease_renewal_refused_at_the_old_epoch_does_not_fence_the_node_out_again_after_it_joined_again()
            throws Exception {
        FaultyDataSource dsB = faulty();
        Tasker b = start(node("node-b", dsB).leaseDuration(Duration.ofMillis(900)));
        // node-b's next lease renewal stalls (a slow database) with the epoch it had then...
        FaultyDataSource.Hold renewal =
                dsB.holdNext("tasker-heartbeat", sql -> sql.startsWith("UPDATE tasker_nodes SET heartbeat_at"));
        assertTrue(renewal.reached().await(30, java.util.concurrent.TimeUnit.SECONDS));
        // ...meanwhile node-b is declared dead, finds it out at its next commit and joins again (epoch 2).
        declareDead("node-b");
        TaskHandle h = b.submit(payment(Map.of("block", true)));
        await().atMost(AWAIT).until(() -> runsOf(h.taskId(), "charge") == 1);
        assertEquals(2, b.nodes().getFirst().epoch());
        // The stalled renewal is then refused (epoch 1 is gone): that says nothing of epoch 2, and must not make
        // node-b drop its running task and join a third time.
        CountDownLatch renewedAfter = dsB.seen(
                "tasker-heartbeat",
                sql -> sql.startsWith("UPDATE tasker_nodes SET heartbeat_at"),
                2); // the stalled one, the next
        renewal.release();
        assertTrue(renewedAfter.await(30, java.util.concurrent.TimeUnit.SECONDS));
        unblock.countDown();
        assertEquals(TaskState.COMPLETE, h.await(AWAIT).state());
        assertEquals(2, b.nodes().getFirst().epoch(), "node-b did not join again for nothing");
        assertEquals(1, runsOf(h.taskId(), "charge"), "its running step was not dropped and run again");
    }

    @Test
    void an_isolated_failure_does_not_freeze_a_siblings_retry() {
        Tasker a = start(node("node-a", null));
        TaskHandle h = a.submit(TaskRequest.of("retry", "isolated", Map.of()));
        Instant due = retryDue(a, h.taskId(), "item_003");
        await().atMost(AWAIT)
                .until(() -> a.task(h.taskId()).orElseThrow().step("item_002").state() == StepState.ERROR);
        assertEquals(
                TaskState.WAITING_FOR_RETRY,
                a.task(h.taskId()).orElseThrow().state(),
                "item_002 failed for good, but item_003 can still run: the task waits for that retry");
        assertRetryOnTime(h.taskId(), "item_003", due);
        TaskSnapshot blocked = h.await(AWAIT);
        assertEquals(TaskState.BLOCKED_BY_FAILURES, blocked.state());
        assertEquals(StepState.COMPLETE, blocked.step("item_003").state());
        assertEquals(StepState.ERROR, blocked.step("item_002").state());
        assertNotNull(blocked.step("item_001").result());
    }
}
