package dev.tasker.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.DlqEntryRow;
import dev.tasker.engine.store.spi.OutboxRow;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The engine's {@link WorkflowStore} over plain JDBC, for the databases a {@link SqlDialect} exists
 * for. Open it with {@link JdbcWorkflowStoreProvider} (or the engine's {@code ServiceLoader} lookup),
 * which connects, picks the dialect and migrates the schema.
 *
 * <p>{@link #apply} writes a batch in one transaction, one JDBC batch per kind of row; every state
 * change is a guarded update whose count is checked. Reads borrow a connection per call. Instants are
 * stored with microsecond precision (truncated on write). Thread-safe; {@link #close()} closes the
 * connection pool only if the store created it.
 */
public final class JdbcWorkflowStore implements WorkflowStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdbcWorkflowStore.class);
    private static final String UNFINISHED = "SELECT task_id FROM tasker_tasks WHERE state NOT IN ("
            + Arrays.stream(TaskState.values())
                    .filter(TaskState::isTerminal)
                    .map(s -> "'" + s.wireName() + "'")
                    .collect(Collectors.joining(", "))
            + ") ORDER BY created_at, task_id";

    /** How long a node's relay holds due outbox rows it took (several nodes): then another may take them. */
    private static final java.time.Duration OUTBOX_CLAIM = java.time.Duration.ofMinutes(1);

    private final Jdbc jdbc;
    private final SqlDialect dialect;
    private final String description;
    private final HikariDataSource ownedPool;
    private final BatchWriter writer;
    private final TaskLoader loader;
    private final ScheduleTable schedules;
    private final Purger purger;
    private final DatabaseModule.SharedNodes nodes;
    /** The shared per-key limit holds, where nodes share the database; null otherwise. */
    private final JdbcLimitStore limits;
    /** Guards an embedded H2 file against going back in time (null for other databases). */
    private final DatabaseModule.GenerationGuard generation;
    /** Set by every write, cleared when the generation is raised: an idle store raises nothing. */
    private volatile boolean wroteSinceRaise;

    private final DatabaseModule.HeldOwnership ownership;

    /**
     * @param ownedPool the pool to close with the store, or null when the application owns the DataSource
     * @param generation the file's generation guard (raised opened already), or null
     * @param ownership the lock one engine at a time holds (H2), or null where engines share the database
     * @param nodes the membership of the engines sharing the database (PostgreSQL), or null
     */
    JdbcWorkflowStore(
            Jdbc jdbc,
            SqlDialect dialect,
            String description,
            HikariDataSource ownedPool,
            DatabaseModule.GenerationGuard generation,
            DatabaseModule.HeldOwnership ownership,
            DatabaseModule.SharedNodes nodes) {
        this.ownership = ownership;
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.description = description;
        this.ownedPool = ownedPool;
        this.generation = generation;
        this.nodes = nodes;
        this.writer = new BatchWriter(jdbc, dialect, nodes);
        this.loader = new TaskLoader(jdbc);
        this.schedules = new ScheduleTable(jdbc);
        this.purger = new Purger(jdbc, dialect.supportsSkipLocked());
        this.limits = nodes == null ? null : new JdbcLimitStore(jdbc);
    }

    /** The dialect in use. */
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void apply(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        wroteSinceRaise = true;
        writer.apply(batch);
    }

    @Override
    public Optional<dev.tasker.engine.store.spi.NodeRegistry> nodes() {
        return Optional.ofNullable(nodes);
    }

    @Override
    public Optional<dev.tasker.engine.store.spi.LimitStore> limits() {
        return Optional.ofNullable(limits);
    }

    @Override
    public Optional<dev.tasker.engine.store.spi.StoreOwnership> ownership() {
        return Optional.ofNullable(ownership);
    }

    @Override
    public List<UUID> unfinishedTaskIds() {
        return jdbc.query("list the unfinished tasks", UNFINISHED, Jdbc.NO_PARAMETERS, row -> row.uuid("task_id"));
    }

    @Override
    public List<StoredTask> loadTasks(Collection<UUID> taskIds) {
        return loader.load(Objects.requireNonNull(taskIds, "taskIds"));
    }

    @Override
    public Optional<TaskRow> findTask(UUID taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return jdbc
                .query(
                        "find task " + taskId,
                        TaskTable.TABLE.select() + " WHERE task_id = ?",
                        p -> p.uuid(taskId),
                        TaskTable::read)
                .stream()
                .findFirst();
    }

    @Override
    public java.util.OptionalLong countPendingDlq() {
        return count(
                "count the pending DLQ entries",
                "SELECT COUNT(*) AS n FROM tasker_dlq WHERE resolution_status = 'pending'");
    }

    @Override
    public java.util.OptionalLong countOutboxBacklog() {
        return count(
                "count the undelivered outbox events",
                "SELECT COUNT(*) AS n FROM tasker_event_outbox WHERE delivered_at IS NULL");
    }

    private java.util.OptionalLong count(String doing, String sql) {
        List<Long> n = jdbc.query(doing, sql, Jdbc.NO_PARAMETERS, row -> row.longValue("n"));
        return n.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(n.get(0));
    }

    @Override
    public java.util.Map<String, Long> purgeFinished(dev.tasker.engine.store.spi.PurgeRequest request) {
        Objects.requireNonNull(request, "request");
        wroteSinceRaise = true;
        return purger.purge(request);
    }

    @Override
    public java.util.Map<String, Long> countPurgeable(dev.tasker.engine.store.spi.PurgeRequest request) {
        return purger.count(Objects.requireNonNull(request, "request"));
    }

    @Override
    public List<dev.tasker.engine.store.spi.TemplateUse> unfinishedTemplateUses(int examples) {
        return purger.unfinishedUses(examples);
    }

    @Override
    public boolean recordSignal(dev.tasker.engine.store.spi.SignalRow row) {
        Objects.requireNonNull(row, "row");
        wroteSinceRaise = true;
        return jdbc.inTransaction("record a signal for step '" + row.stepName() + "' of task " + row.taskId(), c -> {
            boolean exists = !jdbc.query(
                            c,
                            "SELECT task_id FROM tasker_signals WHERE task_id = ? AND step_name = ?",
                            p -> p.uuid(row.taskId()).text(row.stepName()),
                            r -> r.uuid("task_id"))
                    .isEmpty();
            if (exists) {
                return false;
            }
            jdbc.update(c, SignalTable.TABLE.insert(), p -> SignalTable.bind(p, row));
            return true;
        });
    }

    @Override
    public List<dev.tasker.engine.store.spi.SignalRow> signals(Collection<UUID> taskIds) {
        List<dev.tasker.engine.store.spi.SignalRow> out = new ArrayList<>();
        for (List<UUID> chunk : IdChunks.of(taskIds)) {
            out.addAll(jdbc.query(
                    "read the signals of " + chunk.size() + " tasks",
                    SignalTable.TABLE.select() + " WHERE task_id IN (" + IdChunks.placeholders(chunk.size()) + ")",
                    IdChunks.binder(chunk),
                    SignalTable::read));
        }
        return out;
    }

    @Override
    public List<dev.tasker.engine.store.spi.TaskLinkRow> children(UUID parentTaskId) {
        return jdbc.query(
                "read the children of task " + parentTaskId,
                SignalTable.LINKS.select() + " WHERE parent_task_id = ? ORDER BY created_at, child_task_id",
                p -> p.uuid(parentTaskId),
                SignalTable::readLink);
    }

    @Override
    public Optional<dev.tasker.engine.store.spi.TaskLinkRow> parentOf(UUID childTaskId) {
        return jdbc
                .query(
                        "read the parent of task " + childTaskId,
                        SignalTable.LINKS.select() + " WHERE child_task_id = ?",
                        p -> p.uuid(childTaskId),
                        SignalTable::readLink)
                .stream()
                .findFirst();
    }

    @Override
    public Optional<UUID> findTaskIdByIdentity(String identityHash) {
        Objects.requireNonNull(identityHash, "identityHash");
        return jdbc
                .query(
                        "find the task with identity hash " + identityHash,
                        "SELECT task_id FROM tasker_tasks WHERE identity_hash = ?",
                        p -> p.text(identityHash),
                        row -> row.uuid("task_id"))
                .stream()
                .findFirst();
    }

    @Override
    public List<TaskRow> listTasks(TaskQuery query) {
        Objects.requireNonNull(query, "query");
        // Newest first by (created_at, task_id): the indexes of V11 end with those two columns, so a page is
        // a short index range scan whatever the filter, and a cursor starts it where the last page ended.
        List<String> conditions = new ArrayList<>();
        if (query.state() != null) {
            conditions.add("state = ?");
        }
        if (query.namespace() != null) {
            conditions.add("namespace = ?");
        }
        if (query.name() != null) {
            conditions.add("name = ?");
        }
        if (query.createdFrom() != null) {
            conditions.add("created_at >= ?");
        }
        if (query.createdBefore() != null) {
            conditions.add("created_at < ?");
        }
        TaskQuery.Cursor cursor = query.cursor();
        if (cursor != null) {
            // (created_at, task_id) < (cursor): the first term bounds the index range, the second drops the
            // rows of the cursor's instant not after it (a row comparison is not an index range on H2).
            conditions.add("created_at <= ? AND (created_at < ? OR task_id < ?)");
        }
        // The columns fixed by an equality filter lead the ORDER BY (a no-op for the order) so that it is the
        // index's own order: PostgreSQL sees that by itself, H2 otherwise reads every matching row and sorts.
        String leading = "";
        if (query.state() != null) {
            leading = "state DESC, ";
        } else if (query.namespace() != null && query.name() != null) {
            leading = "namespace DESC, name DESC, ";
        }
        String sql = TaskTable.TABLE.select()
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY " + leading + "created_at DESC, task_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        return jdbc.query(
                "list tasks",
                sql,
                p -> {
                    if (query.state() != null) {
                        p.state(query.state());
                    }
                    if (query.namespace() != null) {
                        p.text(query.namespace());
                    }
                    if (query.name() != null) {
                        p.text(query.name());
                    }
                    if (query.createdFrom() != null) {
                        p.instant(query.createdFrom());
                    }
                    if (query.createdBefore() != null) {
                        p.instant(query.createdBefore());
                    }
                    if (cursor != null) {
                        p.instant(cursor.createdAt())
                                .instant(cursor.createdAt())
                                .uuid(cursor.taskId());
                    }
                    p.integer(query.offset()).integer(query.limit());
                },
                TaskTable::read);
    }

    @Override
    public java.util.Map<UUID, java.util.Map<String, Integer>> countStepsByState(java.util.Collection<UUID> taskIds) {
        Objects.requireNonNull(taskIds, "taskIds");
        var counts = new java.util.HashMap<UUID, java.util.Map<String, Integer>>();
        for (List<UUID> chunk : IdChunks.of(taskIds)) {
            jdbc.query(
                    "count the steps of " + chunk.size() + " tasks by state",
                    "SELECT task_id, state, COUNT(*) AS n FROM tasker_steps WHERE task_id IN ("
                            + IdChunks.placeholders(chunk.size()) + ") GROUP BY task_id, state",
                    IdChunks.binder(chunk),
                    row -> {
                        counts.computeIfAbsent(row.uuid("task_id"), k -> new java.util.TreeMap<>())
                                .put(row.text("state"), (int) row.longValue("n"));
                        return row;
                    });
        }
        return counts;
    }

    @Override
    public java.util.Map<String, Long> countTasksByState() {
        var counts = new java.util.LinkedHashMap<String, Long>();
        jdbc.query(
                        "count the tasks by state",
                        "SELECT state, COUNT(*) AS n FROM tasker_tasks GROUP BY state ORDER BY state",
                        Jdbc.NO_PARAMETERS,
                        row -> java.util.Map.entry(row.text("state"), row.longValue("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    @Override
    public List<dev.tasker.engine.StepActivity> stepActivity(java.time.Instant since) {
        Objects.requireNonNull(since, "since");
        String minute = "FLOOR(EXTRACT(EPOCH FROM occurred_at) / 60)";
        String sql = "SELECT " + minute + " AS m,"
                + " SUM(CASE WHEN to_state = 'complete' THEN 1 ELSE 0 END) AS completed,"
                + " SUM(CASE WHEN to_state <> 'complete' THEN 1 ELSE 0 END) AS failed"
                + " FROM tasker_step_transitions WHERE occurred_at >= ?"
                + " AND to_state IN ('complete', 'waiting_for_retry', 'error')"
                + " GROUP BY " + minute + " ORDER BY m";
        return jdbc.query(
                "count the step activity since " + since,
                sql,
                p -> p.instant(since),
                row -> new dev.tasker.engine.StepActivity(
                        java.time.Instant.ofEpochSecond(row.longValue("m") * 60),
                        row.longValue("completed"),
                        row.longValue("failed")));
    }

    @Override
    public List<TaskTransitionRow> taskTransitions(UUID taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return jdbc.query(
                "read the transitions of task " + taskId,
                TransitionTables.SELECT_TASK,
                p -> p.uuid(taskId),
                TransitionTables::readTask);
    }

    @Override
    public List<StepTransitionRow> stepTransitions(UUID taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return jdbc.query(
                "read the step transitions of task " + taskId,
                TransitionTables.SELECT_STEP,
                p -> p.uuid(taskId),
                TransitionTables::readStep);
    }

    @Override
    public List<DlqEntryRow> listDlq(String resolutionStatus, int limit, int offset) {
        String sql = DlqTable.TABLE.select() + (resolutionStatus == null ? "" : " WHERE resolution_status = ?")
                + " ORDER BY created_at DESC, entry_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        return jdbc.query(
                "list DLQ entries",
                sql,
                p -> {
                    if (resolutionStatus != null) {
                        p.text(resolutionStatus);
                    }
                    p.integer(offset).integer(limit);
                },
                DlqTable::read);
    }

    @Override
    public Optional<DlqEntryRow> findDlq(UUID entryId) {
        Objects.requireNonNull(entryId, "entryId");
        return jdbc
                .query(
                        "find DLQ entry " + entryId,
                        DlqTable.TABLE.select() + " WHERE entry_id = ?",
                        p -> p.uuid(entryId),
                        DlqTable::read)
                .stream()
                .findFirst();
    }

    @Override
    public boolean resolveDlq(UUID entryId, String status, String notes, String resolvedBy, Instant at) {
        wroteSinceRaise = true;
        return jdbc.inTransaction(
                        "resolve DLQ entry " + entryId,
                        c -> jdbc.update(
                                c,
                                DlqTable.RESOLVE,
                                p -> p.text(status)
                                        .text(notes)
                                        .text(resolvedBy)
                                        .instant(at)
                                        .instant(at)
                                        .uuid(entryId)))
                == 1;
    }

    @Override
    public List<OutboxRow> dueOutbox(Instant now, int limit) {
        if (nodes != null) {
            List<OutboxRow> taken = new ArrayList<>(jdbc.inTransaction(
                    "take due outbox events",
                    c -> jdbc.query(
                            c,
                            OutboxTable.CLAIM_DUE,
                            p -> p.instant(now.plus(OUTBOX_CLAIM)).instant(now).integer(limit),
                            OutboxTable::read)));
            taken.sort(java.util.Comparator.comparingLong(OutboxRow::id));
            return taken;
        }
        return jdbc.query(
                "read due outbox events", OutboxTable.DUE, p -> p.instant(now).integer(limit), OutboxTable::read);
    }

    @Override
    public void markOutboxDelivered(long id, Instant at) {
        wroteSinceRaise = true;
        jdbc.inTransaction(
                "mark outbox event " + id + " delivered",
                c -> jdbc.update(c, OutboxTable.DELIVERED, p -> p.instant(at).longValue(id)));
    }

    @Override
    public void markOutboxFailed(long id, int attempts, Instant nextAttemptAt, String error) {
        wroteSinceRaise = true;
        jdbc.inTransaction(
                "record a failed delivery of outbox event " + id,
                c -> jdbc.update(
                        c,
                        OutboxTable.FAILED,
                        p -> p.integer(attempts)
                                .instant(nextAttemptAt)
                                .text(error)
                                .longValue(id)));
    }

    @Override
    public void declareSchedule(dev.tasker.engine.store.spi.ScheduleRow row) {
        Objects.requireNonNull(row, "row");
        wroteSinceRaise = true;
        schedules.declare(row);
    }

    @Override
    public List<dev.tasker.engine.store.spi.ScheduleRow> schedules() {
        return schedules.all();
    }

    @Override
    public boolean advanceSchedule(String name, Instant fireTime, Instant at) {
        wroteSinceRaise = true;
        return schedules.advance(name, fireTime, at);
    }

    @Override
    public boolean pauseSchedule(String name, boolean paused, Instant at) {
        wroteSinceRaise = true;
        return schedules.pause(name, paused, at);
    }

    /** The dialect's upkeep (H2: compaction), then a raise of the file's generation if anything was written. */
    @Override
    public Optional<String> maintain() {
        try {
            return jdbc.onConnection("maintain the database", dialect::maintain);
        } finally {
            raiseGenerationIfWritten();
            if (ownership != null) {
                ownership.reacquireIfLost();
            }
        }
    }

    private void raiseGenerationIfWritten() {
        if (generation != null && wroteSinceRaise) {
            wroteSinceRaise = false; // before the raise: a write meanwhile is covered by the next one
            try {
                generation.raiseGeneration(jdbc);
            } catch (RuntimeException e) {
                wroteSinceRaise = true;
                throw e;
            }
        }
    }

    @Override
    public void close() {
        writer.close();
        try {
            raiseGenerationIfWritten();
        } catch (RuntimeException e) {
            LOG.warn("could not raise the store generation at close (the next open raises it): {}", e.getMessage());
        }
        if (ownership != null) {
            ownership.close();
        }
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcWorkflowStore[" + description + "]";
    }
}
