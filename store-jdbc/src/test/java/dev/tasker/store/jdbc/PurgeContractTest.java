package dev.tasker.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.CheckpointRow;
import dev.tasker.engine.store.spi.EdgeRow;
import dev.tasker.engine.store.spi.PurgeRequest;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import dev.tasker.engine.store.spi.TemplateUse;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Retention's contract for every store ({@link WorkflowStore#purgeFinished}, {@link WorkflowStore#countPurgeable}):
 * every row of an old finished task goes, in every table, and nothing else does. One subclass per database.
 */
public abstract class PurgeContractTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Instant OLD = NOW.minus(Duration.ofDays(40));
    static final Instant RECENT = NOW.minus(Duration.ofDays(1));
    static final Instant CUTOFF = NOW.minus(Duration.ofDays(30));

    /** Rows seeded per task and table (a DLQ entry and an outbox event only where asked). */
    static final Map<String, Long> PER_TASK = Map.of(
            "tasker_tasks", 1L,
            "tasker_steps", 2L,
            "tasker_step_edges", 1L,
            "tasker_step_results", 1L,
            "tasker_step_checkpoints", 1L,
            "tasker_task_transitions", 2L,
            "tasker_step_transitions", 2L,
            "tasker_cancel_requests", 1L);

    protected abstract StoreFixture fixture();

    private WorkflowStore store() {
        return fixture().store();
    }

    enum Dlq {
        NONE,
        PENDING,
        RESOLVED
    }

    enum Outbox {
        NONE,
        DELIVERED,
        UNDELIVERED
    }

    @Test
    void only_old_finished_tasks_go_with_every_row_of_theirs() throws SQLException {
        List<UUID> gone = new ArrayList<>();
        for (TaskState s :
                List.of(TaskState.COMPLETE, TaskState.ERROR, TaskState.CANCELLED, TaskState.RESOLVED_MANUALLY)) {
            gone.add(seed("billing", s, OLD, Dlq.NONE, Outbox.NONE));
        }
        gone.add(seed("billing", TaskState.ERROR, OLD, Dlq.RESOLVED, Outbox.DELIVERED));
        List<UUID> kept = List.of(
                seed("billing", TaskState.COMPLETE, RECENT, Dlq.NONE, Outbox.DELIVERED),
                seed("billing", TaskState.STEPS_IN_PROCESS, OLD, Dlq.NONE, Outbox.NONE),
                seed("billing", TaskState.BLOCKED_BY_FAILURES, OLD, Dlq.PENDING, Outbox.NONE),
                seed("billing", TaskState.ERROR, OLD, Dlq.PENDING, Outbox.NONE),
                seed("billing", TaskState.COMPLETE, OLD, Dlq.NONE, Outbox.UNDELIVERED));
        Map<String, Long> keptBefore = counts(kept);
        Map<String, Long> before = counts(null);

        Map<String, Long> counted = store().countPurgeable(request(null, Set.of(), 500));
        assertEquals(before, counts(null), "a dry run deletes nothing");
        Map<String, Long> deleted = store().purgeFinished(request(null, Set.of(), 500));

        Map<String, Long> expected = new LinkedHashMap<>();
        for (String table : PurgeRequest.TABLES) {
            expected.put(table, PER_TASK.getOrDefault(table, 0L) * gone.size());
        }
        expected.put("tasker_dlq", 1L);
        expected.put("tasker_event_outbox", 1L);
        assertEquals(expected, deleted);
        assertEquals(expected, counted);
        assertEquals(PurgeRequest.TABLES, List.copyOf(deleted.keySet()));
        Map<String, Long> after = counts(null);
        for (String table : PurgeRequest.TABLES) {
            assertEquals(before.get(table) - expected.get(table), after.get(table), table);
        }
        assertEquals(Map.copyOf(zero()), Map.copyOf(counts(gone)), "nothing of a purged task is left");
        assertEquals(keptBefore, counts(kept), "the kept tasks keep every row");
        assertEquals(zero(), store().purgeFinished(request(null, Set.of(), 500)), "a second purge finds nothing");
    }

    @Test
    void a_purge_deletes_at_most_one_batch_per_call() throws SQLException {
        for (int i = 0; i < 5; i++) {
            seed("billing", TaskState.COMPLETE, OLD.plusSeconds(i), Dlq.NONE, Outbox.NONE);
        }
        assertEquals(2L, store().purgeFinished(request(null, Set.of(), 2)).get("tasker_tasks"));
        assertEquals(2L, store().purgeFinished(request(null, Set.of(), 2)).get("tasker_tasks"));
        assertEquals(1L, store().purgeFinished(request(null, Set.of(), 2)).get("tasker_tasks"));
        assertEquals(0L, counts(null).get("tasker_tasks"));
    }

    @Test
    void namespaces_are_chosen_or_left_out() throws SQLException {
        UUID billing = seed("billing", TaskState.COMPLETE, OLD, Dlq.NONE, Outbox.NONE);
        UUID payments = seed("payments", TaskState.COMPLETE, OLD, Dlq.NONE, Outbox.NONE);
        UUID other = seed("other", TaskState.COMPLETE, OLD, Dlq.NONE, Outbox.NONE);

        assertEquals(
                1L, store().purgeFinished(request("payments", Set.of(), 10)).get("tasker_tasks"));
        assertTrue(store().findTask(payments).isEmpty());
        assertEquals(
                1L, store().purgeFinished(request(null, Set.of("billing"), 10)).get("tasker_tasks"));
        assertTrue(store().findTask(other).isEmpty());
        assertTrue(store().findTask(billing).isPresent());
    }

    @Test
    void two_stores_purging_at_once_delete_each_task_once() throws Exception {
        int n = 120;
        for (int i = 0; i < n; i++) {
            seed("billing", TaskState.COMPLETE, OLD.plusMillis(i), Dlq.NONE, Outbox.NONE);
        }
        WorkflowStore a = store();
        WorkflowStore b = fixture().reopen();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> runs = new ArrayList<>();
            for (WorkflowStore s : List.of(a, b)) {
                Callable<Long> drain = () -> {
                    long total = 0;
                    long got;
                    do {
                        got = s.purgeFinished(request(null, Set.of(), 7)).get("tasker_tasks");
                        total += got;
                    } while (got > 0);
                    return total;
                };
                runs.add(pool.submit(drain));
            }
            long total = runs.get(0).get() + runs.get(1).get();
            assertEquals(n, total, "every task counted once");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(zero(), counts(null));
    }

    @Test
    void unfinished_tasks_name_their_template_versions() throws SQLException {
        UUID first = seed("billing", TaskState.STEPS_IN_PROCESS, OLD, Dlq.NONE, Outbox.NONE);
        seed("billing", TaskState.WAITING_FOR_RETRY, RECENT, Dlq.NONE, Outbox.NONE);
        seed("billing", TaskState.COMPLETE, OLD, Dlq.NONE, Outbox.NONE);
        List<TemplateUse> uses = store().unfinishedTemplateUses(1);
        assertEquals(1, uses.size());
        TemplateUse use = uses.get(0);
        assertEquals(
                "billing/invoice/1.0.0/2",
                use.namespace() + "/" + use.name() + "/" + use.version() + "/" + use.tasks());
        assertEquals(List.of(first), use.firstTaskIds());
    }

    private static PurgeRequest request(String namespace, Set<String> except, int max) {
        return new PurgeRequest(CUTOFF, namespace, except, max);
    }

    /** A task with two steps, an edge, a result, a checkpoint, its audit and a cancel request; finished at {@code at}. */
    private UUID seed(String namespace, TaskState state, Instant at, Dlq dlq, Outbox outbox) throws SQLException {
        UUID task = UUID.randomUUID();
        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        WriteBatch w = new WriteBatch()
                .insertTask(SampleRows.task(task, namespace, "invoice", state, at))
                .insertStep(SampleRows.step(s1, task, "a", StepState.IN_PROGRESS))
                .insertStep(SampleRows.step(s2, task, "b", StepState.PENDING))
                .insertEdge(new EdgeRow(task, s1, s2, "a->b"))
                .upsertCheckpoint(new CheckpointRow(s1, task, "{\"cursor\":1}", at))
                .taskTransition(new TaskTransitionRow(task, null, TaskState.PENDING, at, "n", "engine", null, null))
                .taskTransition(new TaskTransitionRow(task, TaskState.PENDING, state, at, "n", "engine", null, null))
                .stepTransition(SampleRows.transition(task, s1, "a", null, StepState.PENDING, 0, at))
                .stepTransition(SampleRows.transition(task, s1, "a", StepState.PENDING, StepState.IN_PROGRESS, 1, at));
        store().apply(w);
        execute(
                "INSERT INTO tasker_step_results (step_id, task_id, success, attempt, recorded_at) VALUES (?, ?, TRUE, 1, ?)",
                s1,
                task,
                at);
        execute(
                "INSERT INTO tasker_cancel_requests (task_id, requested_by, requested_at) VALUES (?, 'ops', ?)",
                task,
                at);
        if (dlq != Dlq.NONE) {
            boolean pending = dlq == Dlq.PENDING;
            execute(
                    "INSERT INTO tasker_dlq (entry_id, task_id, pending_task_id, dlq_reason, resolution_status,"
                            + " created_at, updated_at) VALUES (?, ?, ?, 'failed', ?, ?, ?)",
                    UUID.randomUUID(),
                    task,
                    pending ? task : null,
                    pending ? "pending" : "manually_resolved",
                    at,
                    at);
        }
        if (outbox != Outbox.NONE) {
            execute(
                    "INSERT INTO tasker_event_outbox (event_id, task_id, event_name, created_at, delivered_at)"
                            + " VALUES (?, ?, 'task.completed', ?, ?)",
                    UUID.randomUUID(),
                    task,
                    at,
                    outbox == Outbox.DELIVERED ? at : null);
        }
        return task;
    }

    /** Rows per table, of these tasks (all rows when null). */
    private Map<String, Long> counts(List<UUID> tasks) throws SQLException {
        store();
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = fixture().dataSource().getConnection()) {
            for (String table : PurgeRequest.TABLES) {
                long n = 0;
                if (tasks == null) {
                    n = count(c, "SELECT COUNT(*) FROM " + table, null);
                } else {
                    for (UUID id : tasks) {
                        n += count(c, "SELECT COUNT(*) FROM " + table + " WHERE task_id = ?", id);
                    }
                }
                counts.put(table, n);
            }
        }
        return counts;
    }

    private static long count(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (id != null) {
                s.setObject(1, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Long> zero() {
        Map<String, Long> z = new LinkedHashMap<>();
        PurgeRequest.TABLES.forEach(t -> z.put(t, 0L));
        return z;
    }

    private void execute(String sql, Object... values) throws SQLException {
        try (Connection c = fixture().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            for (int i = 0; i < values.length; i++) {
                Object v = values[i] instanceof Instant at ? Timestamp.from(at) : values[i];
                s.setObject(i + 1, v);
            }
            s.execute();
        }
    }
}
