package dev.tasker.store.jdbc;

import static dev.tasker.store.jdbc.SampleRows.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.StaleWriteException;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.CheckpointRow;
import dev.tasker.engine.store.spi.EdgeRow;
import dev.tasker.engine.store.spi.OutboxRow;
import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.StepUpdate;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import dev.tasker.engine.store.spi.TaskUpdate;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkflowStore} must do, whatever the database: one subclass per database supplies
 * the {@link StoreFixture}. Covers the round trip of every column, the all-or-nothing batch with its
 * guarded updates, upserts, ignored duplicate edges, the read queries' order and paging, and the
 * schema's uniqueness rules. (Over 400 lines: it is one contract, and a database's subclass should
 * inherit all of it at once.)
 */
public abstract class WorkflowStoreContractTest {
    private static final String[] TABLES = {
        "tasker_tasks",
        "tasker_steps",
        "tasker_step_edges",
        "tasker_step_checkpoints",
        "tasker_task_transitions",
        "tasker_step_transitions"
    };

    /** The database for the current test. */
    protected abstract StoreFixture fixture();

    private WorkflowStore store() {
        return fixture().store();
    }

    @Test
    void migrations_are_recorded_once_and_reopening_applies_nothing() throws SQLException {
        store();
        List<String> before = query("SELECT version, description, applied_at FROM tasker_schema_version ORDER BY 1");
        assertEquals(Migrations.load(((JdbcWorkflowStore) store()).dialect()).size(), before.size());
        fixture().reopen();
        fixture().reopen();
        assertEquals(before, query("SELECT version, description, applied_at FROM tasker_schema_version ORDER BY 1"));
    }

    @Test
    void a_task_with_every_column_set_round_trips() {
        TaskRow task = new TaskRow(
                UUID.randomUUID(),
                "billing",
                "invoice",
                "2.1.0",
                bigJson(),
                "hash-1",
                7,
                "corr",
                "parent-corr",
                "alice",
                "crm",
                "month end",
                "[\"a\",\"ü\"]",
                TaskState.COMPLETE,
                T0,
                T0.plusMillis(5),
                T0.plusSeconds(9),
                "node-7",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01;vendor=a;b");
        store().apply(new WriteBatch().insertTask(task));
        assertEquals(task, store().findTask(task.taskId()).orElseThrow());
    }

    @Test
    void a_task_with_every_optional_column_null_round_trips() {
        TaskRow task = SampleRows.task(UUID.randomUUID(), T0);
        store().apply(new WriteBatch().insertTask(task));
        assertEquals(task, store().findTask(task.taskId()).orElseThrow());
    }

    @Test
    void steps_edges_results_and_checkpoints_round_trip_through_load_tasks() {
        UUID taskId = UUID.randomUUID();
        StepRow first = new StepRow(
                UUID.randomUUID(),
                taskId,
                "fetch",
                "fetch",
                "standard",
                StepState.IN_PROGRESS,
                2,
                5,
                false,
                "{\"cursor\":3}",
                T0.plusSeconds(1),
                T0.plusSeconds(2),
                T0,
                T0.plusSeconds(3),
                null);
        StepRow second = new StepRow(
                UUID.randomUUID(),
                taskId,
                "worker_001",
                "worker",
                "batch_worker",
                StepState.IN_PROGRESS,
                1,
                3,
                true,
                "{}",
                null,
                T0.plusSeconds(1),
                T0.plusSeconds(1),
                T0.plusSeconds(1),
                null);
        StepRow third = new StepRow(
                UUID.randomUUID(),
                taskId,
                "report",
                "report",
                "standard",
                StepState.PENDING,
                0,
                3,
                true,
                "{}",
                null,
                null,
                T0.plusSeconds(2),
                T0.plusSeconds(2),
                null);
        EdgeRow edge = new EdgeRow(taskId, first.stepId(), second.stepId(), "batch_dependency");
        StepResultRow ok =
                new StepResultRow(first.stepId(), taskId, true, bigJson(), null, "{\"ms\":1}", 2, T0.plusSeconds(4));
        StepResultRow failed = new StepResultRow(
                second.stepId(),
                taskId,
                false,
                null,
                "{\"message\":\"boom\",\"retryable\":true}",
                null,
                1,
                T0.plusSeconds(5));
        CheckpointRow checkpoint =
                new CheckpointRow(second.stepId(), taskId, "{\"cursor\":10,\"history\":[]}", T0.plusSeconds(6));
        store().apply(new WriteBatch()
                .insertTask(SampleRows.task(taskId, T0))
                .insertStep(first)
                .insertStep(second)
                .insertStep(third)
                .insertEdge(edge)
                .upsertCheckpoint(checkpoint)
                .updateStep(new StepUpdate(
                        first.stepId(),
                        StepState.IN_PROGRESS,
                        StepState.COMPLETE,
                        2,
                        null,
                        T0.plusSeconds(2),
                        T0.plusSeconds(4),
                        T0.plusSeconds(4),
                        ok))
                .updateStep(new StepUpdate(
                        second.stepId(),
                        StepState.IN_PROGRESS,
                        StepState.WAITING_FOR_RETRY,
                        1,
                        T0.plusSeconds(9),
                        T0.plusSeconds(1),
                        T0.plusSeconds(5),
                        null,
                        failed)));

        StoredTask loaded = store().loadTasks(List.of(taskId)).get(0);
        assertEquals(SampleRows.task(taskId, T0), loaded.task());
        assertEquals(
                List.of(
                        new StepRow(
                                first.stepId(),
                                taskId,
                                "fetch",
                                "fetch",
                                "standard",
                                StepState.COMPLETE,
                                2,
                                5,
                                false,
                                "{\"cursor\":3}",
                                null,
                                T0.plusSeconds(2),
                                T0,
                                T0.plusSeconds(4),
                                T0.plusSeconds(4)),
                        new StepRow(
                                second.stepId(),
                                taskId,
                                "worker_001",
                                "worker",
                                "batch_worker",
                                StepState.WAITING_FOR_RETRY,
                                1,
                                3,
                                true,
                                "{}",
                                T0.plusSeconds(9),
                                T0.plusSeconds(1),
                                T0.plusSeconds(1),
                                T0.plusSeconds(5),
                                null),
                        third),
                loaded.steps());
        assertEquals(List.of(edge), loaded.edges());
        // The port promises no order for results, and none for a step without one: compare as a set.
        assertEquals(2, loaded.results().size());
        assertEquals(Set.of(ok, failed), Set.copyOf(loaded.results()));
        assertEquals(List.of(checkpoint), loaded.checkpoints());
    }

    @Test
    void instants_keep_microseconds_and_drop_only_nanoseconds() {
        Instant withNanos = Instant.parse("2026-03-01T10:15:30.123456789Z");
        UUID taskId = UUID.randomUUID();
        store().apply(new WriteBatch().insertTask(SampleRows.task(taskId, withNanos)));
        assertEquals(
                Instant.parse("2026-03-01T10:15:30.123456Z"),
                store().findTask(taskId).orElseThrow().createdAt());
    }

    @Test
    void transitions_read_back_in_the_order_they_were_written() {
        UUID taskId = UUID.randomUUID();
        UUID stepId = UUID.randomUUID();
        List<TaskTransitionRow> taskAudit = List.of(
                new TaskTransitionRow(taskId, null, TaskState.STEPS_IN_PROCESS, T0, "n1", "engine", null, null),
                new TaskTransitionRow(
                        taskId, TaskState.STEPS_IN_PROCESS, TaskState.COMPLETE, T0, "n1", "bob", "done", "{\"k\":1}"));
        List<StepTransitionRow> stepAudit = new ArrayList<>();
        // Same instant on purpose: order must come from the write order, not the clock.
        for (int attempt = 1; attempt <= 5; attempt++) {
            stepAudit.add(new StepTransitionRow(
                    taskId,
                    stepId,
                    "fetch",
                    StepState.PENDING,
                    StepState.IN_PROGRESS,
                    T0,
                    attempt,
                    "n1",
                    "engine",
                    "attempt " + attempt,
                    attempt % 2 == 0 ? null : "{}"));
        }
        WriteBatch batch = new WriteBatch().insertTask(SampleRows.task(taskId, T0));
        taskAudit.forEach(batch::taskTransition);
        stepAudit.subList(0, 3).forEach(batch::stepTransition);
        store().apply(batch);
        WriteBatch later = new WriteBatch();
        stepAudit.subList(3, 5).forEach(later::stepTransition);
        store().apply(later);

        assertEquals(taskAudit, store().taskTransitions(taskId));
        assertEquals(stepAudit, store().stepTransitions(taskId));
        assertEquals(List.of(), store().stepTransitions(UUID.randomUUID()));
    }

    @Test
    void transitions_keep_their_write_order_whichever_connection_wrote_them() throws SQLException {
        UUID taskId = UUID.randomUUID();
        UUID stepId = UUID.randomUUID();
        store().apply(new WriteBatch().insertTask(SampleRows.task(taskId, T0)));
        List<StepTransitionRow> written = new ArrayList<>();
        // Two stores on one database write in turn, as two engine nodes do, each through a connection of
        // its own where nodes share the database (else through whichever pooled connection is free: every
        // other one is held here, alternating between two). A sequence whose numbers are cached per session
        // (PostgreSQL's CACHE) would number the third row, written through the first session again, below
        // the second.
        WorkflowStore[] writers = {store(), fixture().reopen()};
        writers[1].apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
        List<Connection> held = borrowAllIdle();
        try {
            for (int i = 0; i < 4; i++) {
                StepTransitionRow row = SampleRows.transition(
                        taskId, stepId, "fetch", StepState.PENDING, StepState.IN_PROGRESS, i + 1, T0);
                written.add(row);
                int free = i % 2;
                held.get(free).close();
                writers[free].apply(new WriteBatch().stepTransition(row));
                held.set(free, fixture().dataSource().getConnection());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertEquals(written, store().stepTransitions(taskId));
    }

    @Test
    void a_stale_task_update_rolls_back_the_whole_batch_and_names_the_task() throws SQLException {
        UUID current = UUID.randomUUID();
        UUID stale = UUID.randomUUID();
        store().apply(new WriteBatch().insertTask(SampleRows.task(current, T0)).insertTask(SampleRows.task(stale, T0)));
        store().apply(new WriteBatch()
                .updateTask(new TaskUpdate(stale, TaskState.STEPS_IN_PROCESS, TaskState.CANCELLED, T0, T0)));
        Map<String, Long> before = rowCounts();

        UUID newTask = UUID.randomUUID();
        WriteBatch batch = new WriteBatch()
                .insertTask(SampleRows.task(newTask, T0))
                .updateTask(new TaskUpdate(current, TaskState.STEPS_IN_PROCESS, TaskState.COMPLETE, T0, T0))
                .updateTask(new TaskUpdate(stale, TaskState.STEPS_IN_PROCESS, TaskState.COMPLETE, T0, T0))
                .taskTransition(new TaskTransitionRow(
                        current, TaskState.STEPS_IN_PROCESS, TaskState.COMPLETE, T0, "n1", "engine", null, null));
        StaleWriteException e = assertThrows(StaleWriteException.class, () -> store().apply(batch));

        assertEquals(List.of(stale), e.taskIds());
        assertTrue(e.getMessage().contains(stale.toString()), e.getMessage());
        assertEquals(before, rowCounts());
        assertEquals(
                TaskState.STEPS_IN_PROCESS,
                store().findTask(current).orElseThrow().state());
        assertTrue(store().findTask(newTask).isEmpty());
    }

    @Test
    void a_stale_step_update_names_the_task_of_the_step() throws SQLException {
        UUID taskId = UUID.randomUUID();
        StepRow step = SampleRows.step(UUID.randomUUID(), taskId, "fetch", StepState.PENDING);
        store().apply(new WriteBatch().insertTask(SampleRows.task(taskId, T0)).insertStep(step));
        Map<String, Long> before = rowCounts();

        WriteBatch batch = new WriteBatch()
                .updateStep(SampleRows.completion(step.stepId(), taskId, 1, T0, "{}"))
                .stepTransition(SampleRows.transition(
                        taskId, step.stepId(), "fetch", StepState.IN_PROGRESS, StepState.COMPLETE, 1, T0));
        StaleWriteException e = assertThrows(StaleWriteException.class, () -> store().apply(batch));

        assertEquals(List.of(taskId), e.taskIds());
        assertTrue(e.getMessage().contains(step.stepId().toString()), e.getMessage());
        assertEquals(before, rowCounts());
        assertEquals(
                StepState.PENDING,
                store().loadTasks(List.of(taskId)).get(0).steps().get(0).state());
    }

    @Test
    void guarded_updates_of_one_step_apply_in_list_order() {
        UUID taskId = UUID.randomUUID();
        StepRow step = SampleRows.step(UUID.randomUUID(), taskId, "fetch", StepState.PENDING);
        store().apply(new WriteBatch()
                .insertTask(SampleRows.task(taskId, T0))
                .insertStep(step)
                .updateStep(
                        new StepUpdate(step.stepId(), StepState.PENDING, StepState.IN_PROGRESS, 1, null, T0, T0, null))
                .updateStep(SampleRows.completion(step.stepId(), 1, T0.plusSeconds(1))));
        StepRow stored = store().loadTasks(List.of(taskId)).get(0).steps().get(0);
        assertEquals(StepState.COMPLETE, stored.state());
        assertEquals(1, stored.attempts());
        assertEquals(T0.plusSeconds(1), stored.completedAt());
    }

    @Test
    void a_recorded_result_replaces_the_previous_one_and_updates_without_one_keep_it() {
        UUID taskId = UUID.randomUUID();
        UUID stepId = UUID.randomUUID();
        StepResultRow first = new StepResultRow(stepId, taskId, false, null, "{\"message\":\"x\"}", null, 1, T0);
        store().apply(new WriteBatch()
                .insertTask(SampleRows.task(taskId, T0))
                .insertStep(SampleRows.step(stepId, taskId, "fetch", StepState.IN_PROGRESS))
                .updateStep(new StepUpdate(
                        stepId, StepState.IN_PROGRESS, StepState.WAITING_FOR_RETRY, 1, T0, T0, T0, null, first))
                .upsertCheckpoint(new CheckpointRow(stepId, taskId, "{\"cursor\":1}", T0)));
        // The claim of the retry records no outcome: the failure stays the step's result.
        store().apply(new WriteBatch()
                .updateStep(new StepUpdate(
                        stepId,
                        StepState.WAITING_FOR_RETRY,
                        StepState.IN_PROGRESS,
                        2,
                        null,
                        T0.plusSeconds(1),
                        T0.plusSeconds(1),
                        null)));
        assertEquals(List.of(first), store().loadTasks(List.of(taskId)).get(0).results());

        StepResultRow second = SampleRows.result(stepId, taskId, 2, T0.plusSeconds(2), "{\"v\":2}");
        StepResultRow third = SampleRows.result(stepId, taskId, 3, T0.plusSeconds(3), "{\"v\":3}");
        CheckpointRow checkpoint = new CheckpointRow(stepId, taskId, "{\"cursor\":2}", T0.plusSeconds(1));
        store().apply(new WriteBatch()
                .updateStep(new StepUpdate(
                        stepId,
                        StepState.IN_PROGRESS,
                        StepState.COMPLETE,
                        2,
                        null,
                        T0.plusSeconds(1),
                        T0.plusSeconds(2),
                        T0.plusSeconds(2),
                        second))
                .updateStep(new StepUpdate(
                        stepId,
                        StepState.COMPLETE,
                        StepState.COMPLETE,
                        3,
                        null,
                        T0.plusSeconds(1),
                        T0.plusSeconds(3),
                        T0.plusSeconds(3),
                        third))
                .upsertCheckpoint(checkpoint));

        StoredTask loaded = store().loadTasks(List.of(taskId)).get(0);
        assertEquals(List.of(third), loaded.results());
        assertEquals(List.of(checkpoint), loaded.checkpoints());
    }

    @Test
    void updates_of_one_step_with_and_without_a_result_apply_in_list_order() {
        UUID taskId = UUID.randomUUID();
        StepRow a = SampleRows.step(UUID.randomUUID(), taskId, "a", StepState.IN_PROGRESS);
        StepRow b = new StepRow(
                UUID.randomUUID(),
                taskId,
                "b",
                "b",
                "standard",
                StepState.ERROR,
                1,
                3,
                true,
                "{}",
                null,
                T0,
                T0.plusSeconds(1),
                T0.plusSeconds(1),
                T0);
        store().apply(new WriteBatch()
                .insertTask(SampleRows.task(taskId, T0))
                .insertStep(a)
                .insertStep(b));
        StepResultRow failure = new StepResultRow(a.stepId(), taskId, false, null, "{\"message\":\"x\"}", null, 1, T0);
        StepResultRow byHand = SampleRows.result(b.stepId(), taskId, 0, T0, "{\"by\":\"hand\"}");
        store().apply(new WriteBatch()
                // A failed attempt, then the claim of its retry (result first, then none).
                .updateStep(new StepUpdate(
                        a.stepId(), StepState.IN_PROGRESS, StepState.WAITING_FOR_RETRY, 1, T0, T0, T0, null, failure))
                .updateStep(new StepUpdate(
                        a.stepId(), StepState.WAITING_FOR_RETRY, StepState.IN_PROGRESS, 2, null, T0, T0, null))
                // A reset, then a completion by hand (none first, then a result).
                .updateStep(new StepUpdate(b.stepId(), StepState.ERROR, StepState.PENDING, 0, null, null, T0, null))
                .updateStep(new StepUpdate(
                        b.stepId(), StepState.PENDING, StepState.COMPLETE, 0, null, null, T0, T0, byHand)));

        StoredTask loaded = store().loadTasks(List.of(taskId)).get(0);
        assertEquals(
                List.of(StepState.IN_PROGRESS, StepState.COMPLETE),
                loaded.steps().stream().map(StepRow::state).toList());
        assertEquals(Set.of(failure, byHand), Set.copyOf(loaded.results()));
    }

    @Test
    void schema_v3_moves_the_results_of_the_old_results_table_onto_their_steps() throws SQLException {
        UUID taskId = UUID.randomUUID();
        StepRow step = SampleRows.step(UUID.randomUUID(), taskId, "fetch", StepState.COMPLETE);
        store().apply(new WriteBatch().insertTask(SampleRows.task(taskId, T0)).insertStep(step));
        // A database written before V3: the result in tasker_step_results, V3 not applied yet (its columns
        // exist already, so this also runs V3 a second time, as after a run cut off half way).
        execute("INSERT INTO tasker_step_results (step_id, task_id, success, result_json, error_json, metadata_json,"
                + " attempt, recorded_at) VALUES ('" + step.stepId() + "', '" + taskId + "', TRUE, '{\"v\":1}', NULL,"
                + " '{\"ms\":2}', 1, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
        execute("DELETE FROM tasker_schema_version WHERE version = 3");

        WorkflowStore reopened = fixture().reopen();

        assertEquals(
                List.of(new StepResultRow(
                        step.stepId(),
                        taskId,
                        true,
                        "{\"v\":1}",
                        null,
                        "{\"ms\":2}",
                        1,
                        Instant.parse("2026-01-01T00:00:00Z"))),
                reopened.loadTasks(List.of(taskId)).get(0).results());
        assertEquals(List.of("0"), query("SELECT COUNT(*) FROM tasker_step_results"));
        assertEquals(List.of("3"), query("SELECT version FROM tasker_schema_version WHERE version = 3"));
    }

    @Test
    void a_duplicate_edge_is_ignored_within_a_batch_and_across_batches() {
        UUID taskId = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        EdgeRow edge = new EdgeRow(taskId, a, b, "provides");
        EdgeRow sameStepsOtherName = new EdgeRow(taskId, a, b, "worker_to_convergence");
        store().apply(new WriteBatch()
                .insertTask(SampleRows.task(taskId, T0))
                .insertStep(SampleRows.step(a, taskId, "a", StepState.COMPLETE))
                .insertStep(SampleRows.step(b, taskId, "b", StepState.PENDING))
                .insertEdge(edge)
                .insertEdge(edge));
        store().apply(new WriteBatch().insertEdge(edge).insertEdge(sameStepsOtherName));

        List<EdgeRow> edges = store().loadTasks(List.of(taskId)).get(0).edges();
        assertEquals(2, edges.size());
        assertTrue(edges.containsAll(List.of(edge, sameStepsOtherName)));
    }

    @Test
    void unfinished_task_ids_are_oldest_first_and_skip_terminal_tasks() {
        WriteBatch batch = new WriteBatch();
        List<UUID> expected = new ArrayList<>();
        int minute = 100;
        for (TaskState state : TaskState.values()) {
            UUID id = UUID.randomUUID();
            // Written newest first, so the order read back cannot come from the insert order.
            batch.insertTask(SampleRows.task(id, "ns", "t", state, T0.plus(Duration.ofMinutes(minute--))));
            if (!state.isTerminal()) {
                expected.add(0, id);
            }
        }
        store().apply(batch);
        assertEquals(expected, store().unfinishedTaskIds());
    }

    @Test
    void list_tasks_filters_pages_and_returns_newest_first() {
        List<TaskRow> invoices = new ArrayList<>();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 7; i++) {
            TaskRow row = SampleRows.task(
                    UUID.randomUUID(),
                    "billing",
                    "invoice",
                    i % 2 == 0 ? TaskState.COMPLETE : TaskState.ERROR,
                    T0.plusSeconds(i));
            invoices.add(0, row);
            batch.insertTask(row);
        }
        TaskRow other = SampleRows.task(UUID.randomUUID(), "crm", "invoice", TaskState.COMPLETE, T0.plusSeconds(99));
        batch.insertTask(other);
        store().apply(batch);

        assertEquals(8, store().listTasks(TaskQuery.all()).size());
        assertEquals(other, store().listTasks(TaskQuery.all()).get(0));
        assertEquals(invoices, store().listTasks(new TaskQuery(null, "billing", "invoice", 50, 0)));
        assertEquals(invoices.subList(2, 5), store().listTasks(new TaskQuery(null, "billing", null, 3, 2)));
        assertEquals(
                invoices.stream().filter(t -> t.state() == TaskState.ERROR).toList(),
                store().listTasks(new TaskQuery(TaskState.ERROR, null, "invoice", 50, 0)));
        assertEquals(List.of(), store().listTasks(new TaskQuery(null, "billing", null, 50, 7)));
    }

    @Test
    void list_tasks_pages_by_cursor_and_time_window_in_the_same_order_as_by_offset() {
        List<TaskRow> all = new ArrayList<>();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 9; i++) {
            // three tasks per instant: the cursor must break ties by task id
            TaskRow row =
                    SampleRows.task(UUID.randomUUID(), "billing", "invoice", TaskState.COMPLETE, T0.plusSeconds(i / 3));
            all.add(row);
            batch.insertTask(row);
        }
        store().apply(batch);
        List<TaskRow> byOffset = store().listTasks(new TaskQuery(null, null, null, 50, 0));
        assertEquals(9, byOffset.size());
        List<TaskRow> byCursor = new ArrayList<>();
        TaskQuery page = new TaskQuery(null, null, null, 2, 0);
        for (int guard = 0; guard < 10; guard++) {
            List<TaskRow> rows = store().listTasks(page);
            if (rows.isEmpty()) {
                break;
            }
            byCursor.addAll(rows);
            TaskRow last = rows.get(rows.size() - 1);
            page = page.after(new TaskQuery.Cursor(last.createdAt(), last.taskId()));
        }
        assertEquals(byOffset, byCursor);
        for (int i = 1; i < byOffset.size(); i++) {
            assertFalse(byOffset.get(i).createdAt().isAfter(byOffset.get(i - 1).createdAt()));
        }
        List<TaskRow> window = store().listTasks(TaskQuery.all().createdBetween(T0.plusSeconds(1), T0.plusSeconds(2)));
        assertEquals(byOffset.subList(3, 6), window);
        assertEquals(
                byOffset.subList(0, 3), store().listTasks(TaskQuery.all().createdBetween(T0.plusSeconds(2), null)));
    }

    @Test
    void count_tasks_by_state_counts_each_state_present() {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 5; i++) {
            batch.insertTask(SampleRows.task(
                    UUID.randomUUID(), "ns", "t", i < 3 ? TaskState.COMPLETE : TaskState.ERROR, T0.plusSeconds(i)));
        }
        store().apply(batch);
        assertEquals(Map.of("complete", 3L, "error", 2L), store().countTasksByState());
    }

    @Test
    void count_steps_by_state_counts_per_task_and_skips_tasks_without_steps() {
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        UUID none = UUID.randomUUID();
        store().apply(new WriteBatch()
                .insertTask(SampleRows.task(one, T0))
                .insertTask(SampleRows.task(two, T0))
                .insertTask(SampleRows.task(none, T0))
                .insertStep(SampleRows.step(UUID.randomUUID(), one, "a", StepState.COMPLETE))
                .insertStep(SampleRows.step(UUID.randomUUID(), one, "b", StepState.COMPLETE))
                .insertStep(SampleRows.step(UUID.randomUUID(), one, "c", StepState.ERROR))
                .insertStep(SampleRows.step(UUID.randomUUID(), two, "a", StepState.PENDING)));
        assertEquals(
                Map.of(one, Map.of("complete", 2, "error", 1), two, Map.of("pending", 1)),
                store().countStepsByState(List.of(one, two, none)));
        assertEquals(Map.of(), store().countStepsByState(List.of()));
    }

    @Test
    void step_activity_counts_completions_and_failures_per_minute_since_the_given_instant() {
        UUID taskId = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Instant minute = Instant.parse("2026-01-01T10:00:00Z");
        store().apply(new WriteBatch()
                .insertTask(SampleRows.task(taskId, minute))
                .stepTransition(SampleRows.transition(
                        taskId, a, "a", StepState.IN_PROGRESS, StepState.COMPLETE, 1, minute.minusSeconds(1)))
                .stepTransition(SampleRows.transition(
                        taskId, a, "a", StepState.PENDING, StepState.IN_PROGRESS, 1, minute.plusSeconds(1)))
                .stepTransition(SampleRows.transition(
                        taskId, a, "a", StepState.IN_PROGRESS, StepState.COMPLETE, 1, minute.plusSeconds(2)))
                .stepTransition(SampleRows.transition(
                        taskId, b, "b", StepState.IN_PROGRESS, StepState.WAITING_FOR_RETRY, 1, minute.plusSeconds(59)))
                .stepTransition(SampleRows.transition(
                        taskId, b, "b", StepState.IN_PROGRESS, StepState.ERROR, 2, minute.plusSeconds(61)))
                .stepTransition(SampleRows.transition(
                        taskId, b, "b", StepState.ERROR, StepState.COMPLETE, 2, minute.plusSeconds(179))));
        assertEquals(
                List.of(
                        new dev.tasker.engine.StepActivity(minute, 1, 1),
                        new dev.tasker.engine.StepActivity(minute.plusSeconds(60), 0, 1),
                        new dev.tasker.engine.StepActivity(minute.plusSeconds(120), 1, 0)),
                store().stepActivity(minute));
        assertEquals(List.of(), store().stepActivity(minute.plusSeconds(180)));
    }

    @Test
    void a_second_task_with_the_same_identity_hash_fails_the_batch_and_writes_nothing() throws SQLException {
        TaskRow first = SampleRows.withIdentity(SampleRows.task(UUID.randomUUID(), T0), "same-hash");
        store().apply(new WriteBatch().insertTask(first));
        assertEquals(first.taskId(), store().findTaskIdByIdentity("same-hash").orElseThrow());
        Map<String, Long> before = rowCounts();

        TaskRow unrelated = SampleRows.task(UUID.randomUUID(), T0);
        TaskRow duplicate = SampleRows.withIdentity(SampleRows.task(UUID.randomUUID(), T0), "same-hash");
        StoreException e = assertThrows(
                StoreException.class,
                () -> store().apply(new WriteBatch().insertTask(unrelated).insertTask(duplicate)));

        // The rows are at fault, not the database: the engine fails the task rather than retrying the batch.
        assertEquals(dev.tasker.engine.store.StoreDataException.class, e.getClass());
        assertTrue(e.getMessage().startsWith("Could not apply a write batch of 2 rows"), e.getMessage());
        assertTrue(e.getMessage().contains("statement INSERT tasker_tasks"), e.getMessage());
        assertFalse(e.getMessage().contains("same-hash"), e.getMessage());
        assertInstanceOf(SQLException.class, e.getCause());
        assertEquals(before, rowCounts());
        assertTrue(store().findTask(unrelated.taskId()).isEmpty());
        assertTrue(store().findTaskIdByIdentity("other").isEmpty());
    }

    @Test
    void tasks_without_an_identity_hash_never_collide() {
        store().apply(new WriteBatch()
                .insertTask(SampleRows.task(UUID.randomUUID(), T0))
                .insertTask(SampleRows.task(UUID.randomUUID(), T0))
                .insertTask(SampleRows.task(UUID.randomUUID(), T0)));
        assertEquals(3, store().listTasks(TaskQuery.all()).size());
    }

    @Test
    void load_tasks_reads_more_tasks_than_one_chunk_in_the_given_order_and_skips_missing_ids() {
        List<UUID> ids = new ArrayList<>();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < IdChunks.MAX * 2 + 37; i++) {
            UUID taskId = UUID.randomUUID();
            ids.add(taskId);
            batch.insertTask(SampleRows.task(taskId, T0))
                    .insertStep(SampleRows.step(UUID.randomUUID(), taskId, "only", StepState.PENDING));
        }
        store().apply(batch);
        List<UUID> wanted = new ArrayList<>(ids.reversed());
        wanted.add(700, UUID.randomUUID());

        List<StoredTask> loaded = store().loadTasks(wanted);

        assertEquals(ids.reversed(), loaded.stream().map(t -> t.task().taskId()).toList());
        assertTrue(loaded.stream()
                .allMatch(t -> t.steps().size() == 1
                        && t.steps().get(0).taskId().equals(t.task().taskId())));
        assertEquals(List.of(), store().loadTasks(List.of(UUID.randomUUID())));
    }

    @Test
    void find_task_is_empty_for_an_unknown_id() {
        assertTrue(store().findTask(UUID.randomUUID()).isEmpty());
        assertTrue(store().findTaskIdByIdentity("nobody").isEmpty());
    }

    @Test
    void the_dlq_holds_at_most_one_pending_entry_per_task() throws SQLException {
        store();
        UUID taskId = UUID.randomUUID();
        execute(dlqInsert(taskId, "'pending'", "'" + taskId + "'"));
        assertThrows(SQLException.class, () -> execute(dlqInsert(taskId, "'pending'", "'" + taskId + "'")));
        assertThrows(SQLException.class, () -> execute(dlqInsert(taskId, "'pending'", "NULL")));
        execute("UPDATE tasker_dlq SET resolution_status = 'manually_resolved', pending_task_id = NULL");
        execute(dlqInsert(taskId, "'pending'", "'" + taskId + "'"));
        assertEquals(List.of("2"), query("SELECT COUNT(*) FROM tasker_dlq WHERE task_id = '" + taskId + "'"));
    }

    @Test
    void outbox_event_ids_are_unique_and_rows_are_numbered() throws SQLException {
        store();
        String insert = "INSERT INTO tasker_event_outbox (event_id, event_name, payload, created_at) VALUES ('"
                + UUID.randomUUID() + "', 'step.completed', '{}', CURRENT_TIMESTAMP)";
        execute(insert);
        assertThrows(SQLException.class, () -> execute(insert));
        assertEquals(List.of("1|0"), query("SELECT id, attempts FROM tasker_event_outbox"));
    }

    @Test
    void due_outbox_rows_come_oldest_first_and_leave_once_delivered_or_rescheduled() {
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 3; i++) {
            batch.insertOutbox(new OutboxRow(
                    0,
                    UUID.randomUUID(),
                    null,
                    null,
                    "step.completed",
                    "{\"n\":" + i + "}",
                    null,
                    t0,
                    0,
                    null,
                    null,
                    null));
        }
        store().apply(batch);
        List<OutboxRow> due = store().dueOutbox(t0, 10);
        assertEquals(
                List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}"),
                due.stream().map(OutboxRow::payloadJson).toList());
        store().markOutboxDelivered(due.get(0).id(), t0);
        store().markOutboxFailed(due.get(1).id(), 1, t0.plusSeconds(30), "subscriber down");
        // Rows handed out once may be held for their taker where several nodes relay (a minute): look later.
        Instant later = t0.plusSeconds(120);
        List<OutboxRow> again = store().dueOutbox(later, 10);
        assertEquals(
                List.of(due.get(1).id(), due.get(2).id()),
                again.stream().map(OutboxRow::id).toList());
        assertEquals(1, again.get(0).attempts());
        assertEquals("subscriber down", again.get(0).lastError());
    }

    @Test
    void the_gauges_count_undelivered_outbox_rows_and_pending_dlq_entries() throws SQLException {
        assertEquals(java.util.OptionalLong.of(0), store().countOutboxBacklog());
        assertEquals(java.util.OptionalLong.of(0), store().countPendingDlq());
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 3; i++) {
            batch.insertOutbox(new OutboxRow(
                    0, UUID.randomUUID(), null, null, "step.completed", "{}", null, t0, 0, null, null, null));
        }
        store().apply(batch);
        store().markOutboxDelivered(store().dueOutbox(t0, 1).get(0).id(), t0);
        assertEquals(java.util.OptionalLong.of(2), store().countOutboxBacklog());
        UUID blocked = UUID.randomUUID();
        execute(dlqInsert(blocked, "'pending'", "'" + blocked + "'"));
        execute(dlqInsert(UUID.randomUUID(), "'manually_resolved'", "NULL"));
        assertEquals(java.util.OptionalLong.of(1), store().countPendingDlq());
    }

    private static String dlqInsert(UUID taskId, String status, String pendingTaskId) {
        return "INSERT INTO tasker_dlq (entry_id, task_id, pending_task_id, dlq_reason, resolution_status, created_at,"
                + " updated_at) VALUES ('" + UUID.randomUUID() + "', '" + taskId + "', " + pendingTaskId
                + ", 'max_retries', " + status + ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
    }

    /** JSON longer than H2 keeps inline in a row, with characters outside ASCII. */
    private static String bigJson() {
        return "{\"items\":[" + "\"ünïcødé ✓ line\\n\",".repeat(400) + "\"end\"]}";
    }

    private Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(
                    table, Long.parseLong(query("SELECT COUNT(*) FROM " + table).get(0)));
        }
        return counts;
    }

    /** Borrows every connection of the fixture's pool (a HikariCP pool in every fixture). */
    private List<Connection> borrowAll() throws SQLException {
        int size = ((com.zaxxer.hikari.HikariDataSource) fixture().dataSource()).getMaximumPoolSize();
        assertTrue(size >= 2, "the test needs a pool of two connections or more");
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            held.add(fixture().dataSource().getConnection());
        }
        return held;
    }

    /** Borrows every idle connection of the fixture's pool (those the stores' writers do not hold). */
    private List<Connection> borrowAllIdle() throws SQLException {
        var pool = (com.zaxxer.hikari.HikariDataSource) fixture().dataSource();
        int idle = pool.getMaximumPoolSize() - pool.getHikariPoolMXBean().getActiveConnections();
        assertTrue(idle >= 2, "the test needs two idle connections or more, has " + idle);
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < idle; i++) {
            held.add(fixture().dataSource().getConnection());
        }
        return held;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = fixture().dataSource().getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(sql);
        }
    }

    /** Each row as its columns joined with '|'. */
    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = fixture().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
