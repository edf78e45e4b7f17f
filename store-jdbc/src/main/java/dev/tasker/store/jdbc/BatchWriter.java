package dev.tasker.store.jdbc;

import dev.tasker.engine.store.StaleWriteException;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StepUpdate;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.TaskUpdate;
import dev.tasker.engine.store.spi.WriteBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Applies a {@link WriteBatch} as one transaction: each kind of row is one JDBC batch (one prepared
 * statement, one round trip) in the order WriteBatch documents, and every guarded update must match
 * exactly one row, or the whole batch is rolled back and a {@link StaleWriteException} names the
 * tasks whose rows disagreed. Both H2 and PostgreSQL report a count per batched update, which is
 * what makes the check possible without a read per row.
 *
 * <p>Where the dialect {@linkplain SqlDialect#insertsFromArrays() inserts from arrays} (PostgreSQL) the batch
 * takes fewer round trips: the fence and every new row in one statement ({@link ArrayInserts}), the guarded
 * updates in one more per round ({@link ArrayUpdates}, whose returned ordinals stand for the per-row counts),
 * then the rare kinds as JDBC batches. The order of the writes inside the transaction changes, not what commits.
 * Where nodes share the database, most batches go as ONE statement in autocommit instead ({@link
 * ArrayInserts#writeOnce}): the fence, the new rows and the updates, whose commit is the same round trip; a batch
 * it refuses (stale or fenced) is written again in a transaction, which rolls back and names the stale rows.
 */
final class BatchWriter {
    private static final String TASKS_OF_STEPS = "SELECT step_id, task_id FROM tasker_steps WHERE step_id IN (";

    private final Jdbc jdbc;
    private final String edgeInsert;
    private final String checkpointUpsert;
    private final String dlqUpsert;
    private final String signalUpsert;
    private final String linkInsert;

    private final DatabaseModule.SharedNodes nodes;
    private final Jdbc.HeldConnection held;
    /** The new rows and the fence in one statement (PostgreSQL), or null: a JDBC batch per kind of row. */
    private final ArrayInserts arrays;
    /** The guarded updates, one statement per round (PostgreSQL), with {@link #arrays}. */
    private final ArrayUpdates arrayUpdates;

    private final String edgeConflict;

    /** @param nodes the registry that fences and signals writes, or null when one engine owns the database */
    BatchWriter(Jdbc jdbc, SqlDialect dialect, DatabaseModule.SharedNodes nodes) {
        this.jdbc = jdbc;
        this.nodes = nodes;
        // Where nodes share the database, many awaiters of other nodes' tasks read through the pool; the
        // writer keeps a connection of its own. One engine on an embedded file borrows per batch.
        this.held = nodes == null ? null : jdbc.holdConnection();
        this.edgeInsert = EdgeTable.TABLE.insertUnlessExists(dialect, EdgeTable.KEY);
        this.checkpointUpsert = CheckpointTable.TABLE.upsert(dialect, CheckpointTable.KEY);
        this.dlqUpsert = DlqTable.TABLE.upsert(dialect, DlqTable.KEY);
        // The edges' insert-unless-exists is the dialect's plain insert plus its conflict clause.
        String plainEdgeInsert = EdgeTable.TABLE.insert();
        this.edgeConflict =
                edgeInsert.startsWith(plainEdgeInsert) ? edgeInsert.substring(plainEdgeInsert.length()) : null;
        this.arrays = dialect.insertsFromArrays() && edgeConflict != null
                ? new ArrayInserts(
                        jdbc,
                        dialect,
                        List.of(
                                TaskTable.TABLE,
                                StepTable.TABLE,
                                EdgeTable.TABLE,
                                TransitionTables.TASK,
                                TransitionTables.STEP,
                                OutboxTable.INSERT_COLUMNS))
                : null;
        this.arrayUpdates = arrays == null ? null : new ArrayUpdates(dialect);
        this.signalUpsert = SignalTable.TABLE.upsert(dialect, SignalTable.KEY);
        this.linkInsert = SignalTable.LINKS.insertUnlessExists(dialect, SignalTable.LINK_KEY);
    }

    /** Writes the batch in one transaction (where nodes share the database, through a connection of its own). */
    synchronized void apply(WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        String doing = "apply a write batch of " + batch.size() + " rows";
        if (held == null) {
            jdbc.inTransaction(doing, connection -> {
                write(connection, batch);
                return null;
            });
            return;
        }
        if (oneStatement(batch)
                && jdbc.autoCommitted(doing, held, connection -> {
                    writeOnce(connection, batch);
                    return null;
                })) {
            return;
        }
        jdbc.inTransaction(doing, held, connection -> {
            write(connection, batch);
            return null;
        });
    }

    /**
     * Whether to send the batch as ONE statement in autocommit ({@link ArrayInserts#writeOnce}), which costs one
     * round trip in all instead of the statements, then the commit. The system property {@code
     * tasker.store.oneStatement=false} turns it off.
     */
    static final boolean ONE_STATEMENT = Boolean.parseBoolean(System.getProperty("tasker.store.oneStatement", "true"));

    /**
     * True when the whole batch fits one statement: the fence (judged in SQL), new rows of the kinds {@link
     * ArrayInserts} writes, and guarded updates each of a different row and none of a row this batch inserts (the
     * sub-statements of one statement see the same snapshot, so an update cannot see an insert beside it); no
     * checkpoint, DLQ, signal, link, release, waiting reason or nudge, which take statements of their own. Notifications to other nodes
     * ride along where the registry names them.
     */
    private boolean oneStatement(WriteBatch batch) {
        if (!ONE_STATEMENT || arrays == null || held == null) {
            return false;
        }
        if (batch.fence() != null && (nodes.fenceQuery() == null || nodes.fenceHolds() == null)) {
            return false;
        }
        if (!batch.checkpoints().isEmpty()
                || !batch.dlqEntries().isEmpty()
                || !batch.dlqResolutions().isEmpty()
                || !batch.signals().isEmpty()
                || !batch.links().isEmpty()
                || !batch.releases().isEmpty()
                || !batch.waitingReasons().isEmpty()
                || !batch.nudges().isEmpty()) {
            return false;
        }
        if ((batch.workSignal() || !batch.settledSignals().isEmpty())
                && nodes.notifications(batch.workSignal(), batch.settledSignals()) == null) {
            return false;
        }
        return eachUpdatedOnceAndNotInserted(
                        batch.taskUpdates(), TaskUpdate::taskId, batch.taskInserts(), TaskRow::taskId)
                && eachUpdatedOnceAndNotInserted(
                        batch.stepUpdates(), StepUpdate::stepId, batch.stepInserts(), StepRow::stepId);
    }

    /** Whether no two updates name the same row and none names a row among the inserts. */
    private static <U, I> boolean eachUpdatedOnceAndNotInserted(
            List<U> updates, Function<U, UUID> updated, List<I> inserts, Function<I, UUID> inserted) {
        if (updates.isEmpty()) {
            return true;
        }
        Set<UUID> ids = new HashSet<>();
        for (U u : updates) {
            if (!ids.add(updated.apply(u))) {
                return false;
            }
        }
        for (I i : inserts) {
            if (ids.contains(inserted.apply(i))) {
                return false;
            }
        }
        return true;
    }

    private void writeOnce(Connection c, WriteBatch batch) throws SQLException {
        boolean fenced = batch.fence() != null;
        arrays.writeOnce(
                c,
                fenced ? nodes.fenceQuery() : null,
                fenced ? nodes.fenceHolds() : null,
                fenced ? batch.fence().nodeId() : null,
                fenced ? batch.fence().epoch() : 0,
                kinds(batch),
                arrayUpdates,
                batch.taskUpdates(),
                batch.stepUpdates(),
                batch.workSignal() || !batch.settledSignals().isEmpty()
                        ? nodes.notifications(batch.workSignal(), batch.settledSignals())
                        : List.of());
    }

    private List<ArrayInserts.Kind<?>> kinds(WriteBatch batch) {
        return List.of(
                new ArrayInserts.Kind<>(TaskTable.TABLE, "", batch.taskInserts(), TaskTable::bindInsert),
                new ArrayInserts.Kind<>(StepTable.TABLE, "", batch.stepInserts(), StepTable::bindInsert),
                new ArrayInserts.Kind<>(EdgeTable.TABLE, edgeConflict, batch.edgeInserts(), EdgeTable::bind),
                new ArrayInserts.Kind<>(TransitionTables.TASK, "", batch.taskTransitions(), TransitionTables::bindTask),
                new ArrayInserts.Kind<>(TransitionTables.STEP, "", batch.stepTransitions(), TransitionTables::bindStep),
                new ArrayInserts.Kind<>(OutboxTable.INSERT_COLUMNS, "", batch.outbox(), OutboxTable::bind));
    }

    /** Gives the writer's connection back. */
    synchronized void close() {
        if (held != null) {
            held.release();
        }
    }

    /**
     * Below this many rows a batch goes as plain JDBC batches even where arrays are possible: a task run alone
     * writes 2–10 rows a commit, and PostgreSQL plans each array statement afresh (its estimate of an
     * {@code unnest} is 100 rows, which picks a scan of the table to join): measured on the quiet machine, a
     * 4-step task alone took 8.5 ms p50 through arrays and 3.9 ms through plain batches, while 1,000 diamonds in
     * flight (batches of hundreds of rows) gain from the arrays (12,587 against 7,360–8,396 steps/s). The system
     * property {@code tasker.store.arrays.minRows} changes it (store-postgres runs its tests again with 1, so
     * both paths are tried on every batch shape).
     */
    static final int MIN_ROWS_FOR_ARRAYS = Integer.getInteger("tasker.store.arrays.minRows", 32);

    private void write(Connection c, WriteBatch batch) throws SQLException {
        if (arrays != null && batch.size() >= MIN_ROWS_FOR_ARRAYS) {
            writeWithArrays(c, batch);
            return;
        }
        if (nodes != null && batch.fence() != null) {
            nodes.checkFence(c, batch.fence().nodeId(), batch.fence().epoch());
        }
        jdbc.batch(c, TaskTable.INSERT, batch.taskInserts(), TaskTable::bindInsert);
        jdbc.batch(c, StepTable.INSERT, batch.stepInserts(), StepTable::bindInsert);
        jdbc.batch(c, edgeInsert, batch.edgeInserts(), EdgeTable::bind);
        int[] taskCounts = jdbc.batch(c, TaskTable.GUARDED_UPDATE, batch.taskUpdates(), TaskTable::bindUpdate);
        int[] stepCounts = updateSteps(c, batch.stepUpdates());
        checkGuards(c, batch, taskCounts, stepCounts);
        jdbc.batch(c, checkpointUpsert, batch.checkpoints(), CheckpointTable::bind);
        jdbc.batch(c, TransitionTables.TASK.insert(), batch.taskTransitions(), TransitionTables::bindTask);
        jdbc.batch(c, TransitionTables.STEP.insert(), batch.stepTransitions(), TransitionTables::bindStep);
        writeRest(c, batch);
    }

    /**
     * The same writes with the fence and every new row (tasks, steps, edges, both audits, outbox) in the first
     * statement ({@link ArrayInserts}), and the guarded updates of tasks and steps in the second ({@link
     * ArrayUpdates}; more only when one row changes twice in the batch). Moving the audit and outbox inserts before the guarded updates changes
     * nothing a reader can see: all is one transaction, and a failed guard rolls every row back as before.
     */
    private void writeWithArrays(Connection c, WriteBatch batch) throws SQLException {
        boolean fenced = nodes != null && batch.fence() != null && nodes.fenceQuery() != null;
        if (nodes != null && batch.fence() != null && !fenced) {
            nodes.checkFence(c, batch.fence().nodeId(), batch.fence().epoch());
        }
        Object[] fence = arrays.write(
                c, fenced ? nodes.fenceQuery() : null, fenced ? batch.fence().nodeId() : null, kinds(batch));
        if (fenced) {
            nodes.checkFenceRead(
                    batch.fence().nodeId(),
                    batch.fence().epoch(),
                    fence[0] == null ? null : ((Number) fence[0]).longValue(),
                    (String) fence[1]);
        }
        ArrayUpdates.Counts counts = arrayUpdates.apply(c, batch.taskUpdates(), batch.stepUpdates());
        checkGuards(c, batch, counts.tasks(), counts.steps());
        jdbc.batch(c, checkpointUpsert, batch.checkpoints(), CheckpointTable::bind);
        jdbc.batch(c, dlqUpsert, batch.dlqEntries(), DlqTable::bind);
        jdbc.batch(c, DlqTable.RESOLVE_PENDING, batch.dlqResolutions(), DlqTable::bindResolution);
        writeReleasesAndSignals(c, batch);
    }

    private void writeRest(Connection c, WriteBatch batch) throws SQLException {
        jdbc.batch(c, dlqUpsert, batch.dlqEntries(), DlqTable::bind);
        jdbc.batch(c, DlqTable.RESOLVE_PENDING, batch.dlqResolutions(), DlqTable::bindResolution);
        jdbc.batch(c, OutboxTable.INSERT, batch.outbox(), OutboxTable::bind);
        writeReleasesAndSignals(c, batch);
    }

    /**
     * Signals and task links, ownership releases, waiting reasons (after every step insert and update of the
     * batch), and the other nodes' wake-up: the same on both write paths.
     */
    private void writeReleasesAndSignals(Connection c, WriteBatch batch) throws SQLException {
        jdbc.batch(c, signalUpsert, batch.signals(), SignalTable::bind);
        jdbc.batch(c, linkInsert, batch.links(), SignalTable::bindLink);
        jdbc.batch(
                c, "UPDATE tasker_tasks SET node_id = NULL WHERE task_id = ?", batch.releases(), (p, id) -> p.uuid(id));
        jdbc.batch(c, StepTable.SET_WAITING_REASON, batch.waitingReasons(), StepTable::bindWaitingReason);
        if (nodes != null) {
            nodes.signal(c, batch.workSignal() || !batch.releases().isEmpty(), batch.settledSignals(), batch.nudges());
        }
    }

    /**
     * The guarded step updates, as two JDBC batches: those that record a result (their statement also writes
     * the result columns) and the others. Two updates of one step must still apply in list order (a failed
     * attempt and the claim of its retry can share a batch); running the result-writing batch first keeps
     * it unless a step's result-writing update follows one of its plain updates, which starts a new pair
     * of batches there. Returns the count of each update, in list order.
     */
    private int[] updateSteps(Connection c, List<StepUpdate> updates) throws SQLException {
        int[] counts = new int[updates.size()];
        List<Integer> withResult = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        Set<UUID> plainSteps = new HashSet<>();
        for (int i = 0; i < updates.size(); i++) {
            StepUpdate update = updates.get(i);
            if (update.result() == null) {
                plain.add(i);
                plainSteps.add(update.stepId());
                continue;
            }
            if (plainSteps.contains(update.stepId())) {
                updateSteps(c, updates, withResult, plain, counts);
                plainSteps.clear();
            }
            withResult.add(i);
        }
        updateSteps(c, updates, withResult, plain, counts);
        return counts;
    }

    private void updateSteps(
            Connection c, List<StepUpdate> updates, List<Integer> withResult, List<Integer> plain, int[] counts)
            throws SQLException {
        for (List<Integer> indexes : List.of(withResult, plain)) {
            String sql = indexes == withResult ? StepTable.GUARDED_UPDATE_WITH_RESULT : StepTable.GUARDED_UPDATE;
            int[] n = jdbc.batch(c, sql, indexes, (p, i) -> StepTable.bindUpdate(p, updates.get(i)));
            for (int k = 0; k < n.length; k++) {
                counts[indexes.get(k)] = n[k];
            }
            indexes.clear();
        }
    }

    /** Throws (so that the transaction rolls back) when a guarded update did not change exactly one row. */
    private void checkGuards(Connection c, WriteBatch batch, int[] taskCounts, int[] stepCounts) throws SQLException {
        Set<UUID> staleTasks = new LinkedHashSet<>();
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < taskCounts.length; i++) {
            if (taskCounts[i] != 1) {
                TaskUpdate update = batch.taskUpdates().get(i);
                staleTasks.add(update.taskId());
                disagreements.add("task " + update.taskId() + " was not "
                        + update.expected().wireName());
            }
        }
        List<StepUpdate> staleSteps = new ArrayList<>();
        for (int i = 0; i < stepCounts.length; i++) {
            if (stepCounts[i] != 1) {
                staleSteps.add(batch.stepUpdates().get(i));
            }
        }
        Map<UUID, UUID> taskOfStep = staleSteps.isEmpty() ? Map.of() : tasksOf(c, staleSteps);
        for (StepUpdate update : staleSteps) {
            UUID task = taskOfStep.get(update.stepId());
            if (task == null) {
                disagreements.add("step " + update.stepId() + " does not exist");
            } else {
                staleTasks.add(task);
                disagreements.add("step " + update.stepId() + " of task " + task + " was not "
                        + update.expected().wireName());
            }
        }
        if (!disagreements.isEmpty()) {
            throw new StaleWriteException(
                    "Stale write, the batch of " + batch.size() + " rows was rolled back: "
                            + String.join("; ", disagreements),
                    List.copyOf(staleTasks));
        }
    }

    /** The task of each step, read inside the failing transaction (so steps inserted by the batch count). */
    private Map<UUID, UUID> tasksOf(Connection c, List<StepUpdate> updates) throws SQLException {
        Map<UUID, UUID> taskOfStep = new HashMap<>();
        List<UUID> stepIds = updates.stream().map(StepUpdate::stepId).toList();
        for (List<UUID> chunk : IdChunks.of(stepIds)) {
            jdbc.query(
                    c,
                    TASKS_OF_STEPS + IdChunks.placeholders(chunk.size()) + ")",
                    IdChunks.binder(chunk),
                    row -> taskOfStep.put(row.uuid("step_id"), row.uuid("task_id")));
        }
        return taskOfStep;
    }
}
