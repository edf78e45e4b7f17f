package dev.tasker.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.FencedException;
import dev.tasker.engine.store.spi.NodeRegistry;
import dev.tasker.engine.store.spi.NodeRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import dev.tasker.store.jdbc.SampleRows;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node registry on a real PostgreSQL server: joining, leases, the queue and its SKIP LOCKED claims,
 * takeover of a lapsed node's tasks, fencing of a node declared dead, and the LISTEN/NOTIFY signals.
 * Leases are made to lapse by moving {@code lease_expires_at} into the past, as the database's clock
 * would, instead of waiting.
 */
class PostgresNodeRegistryTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @RegisterExtension
    final PostgresStoreExtension database = new PostgresStoreExtension();

    private WorkflowStore store;
    private NodeRegistry nodes;

    @BeforeEach
    void open() {
        store = new JdbcWorkflowStoreProvider().open(new StoreConfig(null, database.url(), null, null, 4, null));
        nodes = store.nodes().orElseThrow();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void joining_again_bumps_the_epoch_and_fences_the_earlier_life() {
        NodeRegistry.Join first = nodes.join("a", LEASE);
        assertEquals(1, first.epoch());
        assertFalse(first.replacedLiveNode());
        NodeRegistry.Join second = nodes.join("a", LEASE);
        assertEquals(2, second.epoch());
        assertTrue(second.replacedLiveNode(), "the first life's lease was still running");
        assertFalse(nodes.heartbeat("a", 1, LEASE), "the first life may not renew");
        assertTrue(nodes.heartbeat("a", 2, LEASE));
        UUID task = UUID.randomUUID();
        FencedException e = assertThrows(
                FencedException.class,
                () -> store.apply(new WriteBatch().fence("a", 1).insertTask(owned(task, "a"))));
        assertTrue(e.getMessage().contains("node a (epoch 1) may no longer write"), e.getMessage());
        assertTrue(store.findTask(task).isEmpty(), "nothing of the fenced batch was written");
        store.apply(new WriteBatch().fence("a", 2).insertTask(owned(task, "a")));
        assertEquals("a", store.findTask(task).orElseThrow().nodeId());
    }

    @Test
    void a_fenced_batch_of_updates_alone_is_refused_and_changes_nothing() {
        long first = nodes.join("a", LEASE).epoch();
        UUID task = UUID.randomUUID();
        UUID step = UUID.randomUUID();
        store.apply(new WriteBatch()
                .fence("a", first)
                .insertTask(owned(task, "a"))
                .insertStep(SampleRows.step(step, task, "s", StepState.IN_PROGRESS)));
        long second = nodes.join("a", LEASE).epoch();
        // No new row: the fence is read by a statement of its own, before the updates.
        WriteBatch stale = new WriteBatch()
                .fence("a", first)
                .updateStep(SampleRows.completion(step, task, 1, SampleRows.T0.plusSeconds(1), "{\"n\":1}"));
        FencedException e = assertThrows(FencedException.class, () -> store.apply(stale));
        assertTrue(e.getMessage().contains("epoch/status " + second + " alive"), e.getMessage());
        assertEquals(
                StepState.IN_PROGRESS,
                store.loadTasks(List.of(task)).get(0).steps().get(0).state(),
                "nothing of the fenced batch was written");
        store.apply(new WriteBatch()
                .fence("a", second)
                .updateStep(SampleRows.completion(step, task, 1, SampleRows.T0.plusSeconds(1), "{\"n\":1}")));
        assertEquals(
                StepState.COMPLETE,
                store.loadTasks(List.of(task)).get(0).steps().get(0).state());
    }

    @Test
    void queued_tasks_are_claimed_once_each_by_competing_nodes_by_priority_then_age() throws Exception {
        long a = nodes.join("a", LEASE).epoch();
        long b = nodes.join("b", LEASE).epoch();
        List<UUID> queued = new ArrayList<>();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 300; i++) {
            UUID id = UUID.randomUUID();
            queued.add(id);
            batch.insertTask(owned(id, null));
        }
        UUID urgent = UUID.randomUUID();
        batch.insertTask(withPriority(owned(urgent, null), 10));
        batch.insertTask(owned(UUID.randomUUID(), "a"));
        store.apply(batch);
        assertEquals(List.of(urgent), nodes.claim("a", a, 1, List.of()), "the highest priority first");
        Set<UUID> claimedByA = ConcurrentHashMap.newKeySet();
        Set<UUID> claimedByB = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> ra = CompletableFuture.runAsync(() -> drain("a", a, claimedByA));
        CompletableFuture<Void> rb = CompletableFuture.runAsync(() -> drain("b", b, claimedByB));
        ra.get(60, TimeUnit.SECONDS);
        rb.get(60, TimeUnit.SECONDS);
        Set<UUID> all = new HashSet<>(claimedByA);
        all.addAll(claimedByB);
        assertEquals(claimedByA.size() + claimedByB.size(), all.size(), "no task claimed twice");
        assertEquals(new HashSet<>(queued), all, "every queued task claimed");
        for (UUID id : claimedByB) {
            assertEquals("b", store.findTask(id).orElseThrow().nodeId());
        }
        assertEquals(List.of(), nodes.claim("a", a, 10, List.of()), "the queue is empty");
    }

    private void drain(String node, long epoch, Set<UUID> into) {
        List<UUID> got;
        while (!(got = nodes.claim(node, epoch, 7, List.of())).isEmpty()) {
            into.addAll(got);
        }
    }

    @Test
    void a_node_skips_the_queued_tasks_it_cannot_run() {
        long a = nodes.join("a", LEASE).epoch();
        UUID foreign = UUID.randomUUID();
        UUID runnable = UUID.randomUUID();
        store.apply(new WriteBatch().insertTask(owned(foreign, null)).insertTask(owned(runnable, null)));
        assertEquals(List.of(runnable), nodes.claim("a", a, 10, List.of(foreign)));
        assertEquals(List.of(), nodes.claim("a", a, 10, List.of(foreign)));
        assertEquals(List.of(foreign), nodes.claim("a", a, 10, List.of()));
    }

    @Test
    void finished_and_blocked_tasks_are_not_claimed_from_the_queue() {
        long a = nodes.join("a", LEASE).epoch();
        UUID done = UUID.randomUUID();
        UUID blocked = UUID.randomUUID();
        store.apply(new WriteBatch()
                .insertTask(withState(owned(done, null), TaskState.COMPLETE))
                .insertTask(withState(owned(blocked, null), TaskState.BLOCKED_BY_FAILURES)));
        assertEquals(List.of(), nodes.claim("a", a, 10, List.of()));
        assertEquals(Optional.empty(), nodes.claimTask("a", a, blocked), "an operator may take a blocked task");
        assertEquals("a", store.findTask(blocked).orElseThrow().nodeId());
    }

    @Test
    void owned_tasks_with_a_due_retry_are_found_and_no_others() {
        nodes.join("a", LEASE);
        nodes.join("b", LEASE);
        Instant now = SampleRows.T0.plusSeconds(60);
        UUID due = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        UUID blocked = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        WriteBatch rows = new WriteBatch()
                .insertTask(owned(due, "a"))
                .insertTask(owned(later, "a"))
                .insertTask(owned(elsewhere, "b"))
                .insertTask(withState(owned(blocked, "a"), TaskState.BLOCKED_BY_FAILURES))
                .insertTask(owned(running, "a"));
        rows.insertStep(waiting(due, now))
                .insertStep(waiting(later, now.plusMillis(1)))
                .insertStep(waiting(elsewhere, now))
                .insertStep(waiting(blocked, now))
                .insertStep(SampleRows.step(UUID.randomUUID(), running, "s", StepState.IN_PROGRESS));
        store.apply(rows);
        assertEquals(
                List.of(due),
                nodes.ownedWithDueRetry("a", now, 10),
                "due at or before now, owned by a," + " not blocked");
        assertEquals(Set.of(due, later), Set.copyOf(nodes.ownedWithDueRetry("a", now.plusSeconds(1), 10)));
        assertEquals(1, nodes.ownedWithDueRetry("a", now.plusSeconds(1), 1).size(), "at most the limit");
    }

    private static StepRow waiting(UUID taskId, Instant due) {
        StepRow s = SampleRows.step(UUID.randomUUID(), taskId, "charge", StepState.WAITING_FOR_RETRY);
        return new StepRow(
                s.stepId(),
                s.taskId(),
                s.name(),
                s.templateStepName(),
                s.stepType(),
                s.state(),
                1,
                s.maxAttempts(),
                s.retryable(),
                s.inputsJson(),
                due,
                SampleRows.T0,
                s.createdAt(),
                s.updatedAt(),
                null);
    }

    @Test
    void a_task_another_live_node_runs_is_refused_to_an_operator_naming_the_node() {
        nodes.join("a", LEASE);
        long b = nodes.join("b", LEASE).epoch();
        UUID running = UUID.randomUUID();
        store.apply(new WriteBatch().insertTask(owned(running, "a")));
        assertEquals(Optional.of("a"), nodes.claimTask("b", b, running));
        assertEquals("a", store.findTask(running).orElseThrow().nodeId());
    }

    @Test
    void a_lapsed_node_is_declared_dead_its_tasks_are_queued_and_its_writes_refused() throws Exception {
        long a = nodes.join("a", LEASE).epoch();
        long b = nodes.join("b", LEASE).epoch();
        UUID t1 = UUID.randomUUID();
        UUID t2 = UUID.randomUUID();
        UUID finished = UUID.randomUUID();
        store.apply(new WriteBatch()
                .fence("a", a)
                .insertTask(owned(t1, "a"))
                .insertTask(owned(t2, "a"))
                .insertTask(withState(owned(finished, "a"), TaskState.COMPLETE)));
        assertEquals(List.of(), nodes.expireLapsed(), "nobody's lease ran out");
        lapse("a");
        List<String> expired = nodes.expireLapsed();
        assertEquals(List.of("a (2 unfinished task(s) back in the queue)"), expired);
        assertEquals(Set.of(t1, t2), new HashSet<>(nodes.claim("b", b, 10, List.of())));
        assertEquals("a", store.findTask(finished).orElseThrow().nodeId(), "finished tasks keep their last owner");
        assertFalse(nodes.heartbeat("a", a, LEASE), "a dead node cannot renew");
        assertEquals(List.of(), nodes.claim("a", a, 10, List.of()), "an empty queue is only read");
        store.apply(new WriteBatch().insertTask(owned(UUID.randomUUID(), null)));
        assertThrows(FencedException.class, () -> nodes.claim("a", a, 10, List.of()));
        assertThrows(
                FencedException.class,
                () -> store.apply(new WriteBatch().fence("a", a).insertTask(owned(UUID.randomUUID(), "a"))));
        NodeRow dead = nodes.nodes().stream()
                .filter(n -> n.nodeId().equals("a"))
                .findFirst()
                .orElseThrow();
        assertEquals(NodeRow.DEAD, dead.status());
        NodeRow alive = nodes.nodes().stream()
                .filter(n -> n.nodeId().equals("b"))
                .findFirst()
                .orElseThrow();
        assertEquals(2, alive.unfinishedTasks());
    }

    @Test
    void joining_puts_back_the_tasks_of_owners_that_are_gone_and_leaving_hands_over() {
        long a = nodes.join("a", LEASE).epoch();
        UUID mine = UUID.randomUUID();
        UUID orphan = UUID.randomUUID();
        store.apply(new WriteBatch().insertTask(owned(mine, "a")).insertTask(owned(orphan, "never-registered")));
        NodeRegistry.Join b = nodes.join("b", LEASE);
        assertEquals(1, b.releasedTasks(), "the task of an owner not alive in the registry");
        assertEquals(List.of(orphan), nodes.claim("b", b.epoch(), 10, List.of()));
        nodes.leave("a", a);
        assertEquals(
                List.of(mine), nodes.claim("b", b.epoch(), 10, List.of()), "a's tasks were handed back when it left");
        assertEquals(List.of("b"), nodes.nodes().stream().map(NodeRow::nodeId).toList(), "a left the registry");
    }

    @Test
    void listeners_hear_of_queued_work_and_settled_tasks_only_after_commit() throws Exception {
        Semaphore work = new Semaphore(0);
        Set<UUID> settled = ConcurrentHashMap.newKeySet();
        Semaphore settledSignal = new Semaphore(0);
        Set<UUID> cancels = ConcurrentHashMap.newKeySet();
        Semaphore cancelSignal = new Semaphore(0);
        try (AutoCloseable listening = nodes.listen(
                work::release,
                id -> {
                    settled.add(id);
                    settledSignal.release();
                },
                id -> {
                    cancels.add(id);
                    cancelSignal.release();
                })) {
            assertTrue(work.tryAcquire(10, TimeUnit.SECONDS), "a first wake-up once listening");
            work.drainPermits();
            UUID task = UUID.randomUUID();
            store.apply(
                    new WriteBatch().insertTask(owned(task, null)).signalWork().signalSettled(task));
            assertTrue(work.tryAcquire(10, TimeUnit.SECONDS), "queued work signalled");
            assertTrue(settledSignal.tryAcquire(10, TimeUnit.SECONDS), "settled task signalled");
            assertEquals(Set.of(task), settled);
            UUID duplicate = task;
            assertThrows(
                    RuntimeException.class,
                    () -> store.apply(
                            new WriteBatch().insertTask(owned(duplicate, null)).signalSettled(UUID.randomUUID())));
            // A signal of a rolled-back batch never arrives: the next one that does is the committed one's.
            UUID later = UUID.randomUUID();
            store.apply(new WriteBatch().insertTask(owned(later, null)).signalSettled(later));
            assertTrue(settledSignal.tryAcquire(10, TimeUnit.SECONDS));
            assertEquals(Set.of(task, later), settled);

            nodes.requestCancel(later, "ops", "customer withdrew");
            nodes.requestCancel(later, "someone-else", "second request");
            assertTrue(cancelSignal.tryAcquire(10, TimeUnit.SECONDS), "cancel request signalled");
            assertEquals(Set.of(later), cancels);
            assertEquals(
                    List.of(new NodeRegistry.CancelRequest(later, "ops", "customer withdrew")),
                    nodes.cancelRequests(List.of(later, task)),
                    "the first request stands");
            nodes.cancelApplied(later);
            assertEquals(List.of(), nodes.cancelRequests(List.of(later)));
        }
    }

    @Test
    void due_outbox_rows_go_to_one_relay_at_a_time_until_their_hold_ends() {
        java.time.Instant t0 = java.time.Instant.parse("2026-03-01T10:00:00Z");
        store.apply(new WriteBatch()
                .insertOutbox(new dev.tasker.engine.store.spi.OutboxRow(
                        0, UUID.randomUUID(), null, null, "task.completed", "{}", null, t0, 0, null, null, null)));
        assertEquals(1, store.dueOutbox(t0, 10).size(), "taken by the first relay");
        assertEquals(List.of(), store.dueOutbox(t0.plusSeconds(30), 10), "held for it: another relay gets nothing");
        assertEquals(1, store.dueOutbox(t0.plusSeconds(61), 10).size(), "its taker never confirmed: due again");
    }

    /** Moves the node's lease into the past, as time passing without renewal would. */
    private void lapse(String node) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("UPDATE tasker_nodes SET lease_expires_at = now() - interval '1 second' WHERE node_id = '" + node
                    + "'");
        }
    }

    private static TaskRow owned(UUID id, String node) {
        return SampleRows.task(id, SampleRows.T0).withNodeId(node);
    }

    private static TaskRow withPriority(TaskRow r, int priority) {
        return new TaskRow(
                r.taskId(),
                r.namespace(),
                r.name(),
                r.version(),
                r.contextJson(),
                r.identityHash(),
                priority,
                r.correlationId(),
                r.parentCorrelationId(),
                r.initiator(),
                r.sourceSystem(),
                r.reason(),
                r.tagsJson(),
                r.state(),
                r.createdAt(),
                r.updatedAt(),
                r.completedAt(),
                r.nodeId());
    }

    private static TaskRow withState(TaskRow r, TaskState state) {
        return new TaskRow(
                r.taskId(),
                r.namespace(),
                r.name(),
                r.version(),
                r.contextJson(),
                r.identityHash(),
                r.priority(),
                r.correlationId(),
                r.parentCorrelationId(),
                r.initiator(),
                r.sourceSystem(),
                r.reason(),
                r.tagsJson(),
                state,
                r.createdAt(),
                r.updatedAt(),
                state.isTerminal() ? r.createdAt() : null,
                r.nodeId());
    }
}
