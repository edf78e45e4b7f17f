package dev.tasker.engine.store.spi;

import dev.tasker.engine.TaskQuery;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The engine's storage port. Implementations are thread-safe; {@link #apply} is called by one writer
 * thread at a time per engine, the read methods from any thread.
 */
public interface WorkflowStore extends AutoCloseable {

    /** One line for the start-up log: database product, version, dialect and URL (no password). */
    String describe();

    /**
     * Applies the batch in one transaction, checking every guarded update's count.
     *
     * @throws dev.tasker.engine.store.StaleWriteException when a guarded update matched no row (rolled back)
     * @throws dev.tasker.engine.store.StoreException when the database fails (rolled back)
     */
    void apply(WriteBatch batch);

    /** The ids of tasks not in a terminal state, oldest first. */
    List<UUID> unfinishedTaskIds();

    /** Loads tasks with their steps, edges, results and checkpoints (missing ids are skipped). */
    List<StoredTask> loadTasks(Collection<UUID> taskIds);

    /** The task row, if stored. */
    Optional<TaskRow> findTask(UUID taskId);

    /** The id of the task with this identity hash, if any. */
    Optional<UUID> findTaskIdByIdentity(String identityHash);

    /** Tasks matching the query, newest first. */
    List<TaskRow> listTasks(TaskQuery query);

    /** How many tasks are in each state (wire names; states without tasks absent). */
    default java.util.Map<String, Long> countTasksByState() {
        throw new UnsupportedOperationException(getClass().getName() + " does not count tasks");
    }

    /**
     * Step transitions to {@code complete} and to {@code waiting_for_retry}/{@code error} since {@code since},
     * counted per minute, oldest first.
     */
    default List<dev.tasker.engine.StepActivity> stepActivity(java.time.Instant since) {
        throw new UnsupportedOperationException(getClass().getName() + " does not count step activity");
    }

    /** For each of these tasks, how many of its steps are in each state (wire names); tasks without steps absent. */
    default java.util.Map<UUID, java.util.Map<String, Integer>> countStepsByState(Collection<UUID> taskIds) {
        throw new UnsupportedOperationException(getClass().getName() + " does not count steps");
    }

    /** The task's transitions, oldest first. */
    List<TaskTransitionRow> taskTransitions(UUID taskId);

    /** The transitions of every step of the task, oldest first. */
    List<StepTransitionRow> stepTransitions(UUID taskId);

    /** DLQ entries with this resolution status (all when null), newest first, one page. */
    List<DlqEntryRow> listDlq(String resolutionStatus, int limit, int offset);

    /** One DLQ entry. */
    Optional<DlqEntryRow> findDlq(UUID entryId);

    /**
     * Resolves a pending DLQ entry; returns false (changing nothing) when it is not pending.
     *
     * @param status {@code manually_resolved}, {@code permanently_failed} or {@code cancelled}
     */
    boolean resolveDlq(UUID entryId, String status, String notes, String resolvedBy, java.time.Instant at);

    /**
     * Undelivered outbox rows due at {@code now}, oldest first. Where several nodes share the database,
     * the rows are taken for this caller for a minute (their next attempt moves), so that each is handed
     * to one relay at a time.
     */
    List<OutboxRow> dueOutbox(java.time.Instant now, int limit);

    /** Marks an outbox row delivered. */
    void markOutboxDelivered(long id, java.time.Instant at);

    /** Records a failed delivery and when to try again. */
    void markOutboxFailed(long id, int attempts, java.time.Instant nextAttemptAt, String error);

    /**
     * Periodic upkeep (an embedded H2 file must be compacted by its client); called by the engine every
     * few seconds from a background thread, concurrently with writes. Returns a summary of what was done.
     */
    default Optional<String> maintain() {
        return Optional.empty();
    }

    /**
     * The registry of engine nodes when this database can be shared by several engines (PostgreSQL);
     * empty when one engine owns it (an embedded H2 file, which one process at a time can open).
     */
    default Optional<NodeRegistry> nodes() {
        return Optional.empty();
    }

    /**
     * The shared table of per-key limit holds and rate buckets when several engines share this database
     * (PostgreSQL); empty when one engine runs it, which then keeps its limits in memory.
     */
    default Optional<LimitStore> limits() {
        return Optional.empty();
    }

    /**
     * The lock that makes one engine at a time run this database's tasks (an H2 file, which one engine
     * runs); empty when several engines share the database by design (PostgreSQL, see {@link #nodes()}).
     */
    default Optional<StoreOwnership> ownership() {
        return Optional.empty();
    }

    /**
     * How many DLQ entries wait for an operator ({@code pending}), for the gauges; empty when the store
     * cannot count them. Called at most every few seconds, off the engine loop.
     */
    default java.util.OptionalLong countPendingDlq() {
        return java.util.OptionalLong.empty();
    }

    /**
     * How many outbox events are not yet delivered, for the gauges; empty when the store cannot count them.
     * Called at most every few seconds, off the engine loop.
     */
    default java.util.OptionalLong countOutboxBacklog() {
        return java.util.OptionalLong.empty();
    }

    /**
     * Declares a schedule: its definition replaces the stored one; a new schedule is stored with
     * {@code row.paused()} and {@code row.lastFireAt()}, an existing one keeps its state (paused, last fire).
     * Safe when several engines declare the same schedule at once.
     */
    default void declareSchedule(ScheduleRow row) {
        throw new UnsupportedOperationException(describe() + " keeps no schedules");
    }

    /** Every stored schedule, by name. */
    default List<ScheduleRow> schedules() {
        return List.of();
    }

    /**
     * Records that the schedule's fires up to {@code fireTime} are considered (fired or skipped): its last fire
     * time moves forward to it, never back. Returns false when it was already there or further (or unknown).
     */
    default boolean advanceSchedule(String name, java.time.Instant fireTime, java.time.Instant at) {
        throw new UnsupportedOperationException(describe() + " keeps no schedules");
    }

    /**
     * Pauses or resumes a schedule; a resume also moves its last fire time to {@code at}, so that the fires due
     * while it was paused do not run. Returns false when there is no such schedule.
     */
    default boolean pauseSchedule(String name, boolean paused, java.time.Instant at) {
        throw new UnsupportedOperationException(describe() + " keeps no schedules");
    }

    /**
     * Deletes one batch of finished tasks (at most {@link PurgeRequest#maxTasks()}) with all their rows, in one
     * transaction, and returns the rows deleted per table (every table of {@link PurgeRequest#TABLES}, zero when
     * none; {@code tasker_tasks} is the number of tasks). Only terminal tasks that ended before the request's
     * instant go, never one with a pending DLQ entry or an undelivered outbox event. Safe to call from several
     * engines at once: each task is deleted (and counted) by one of them. Called off the engine loop.
     *
     * @throws UnsupportedOperationException when the store cannot purge
     */
    default java.util.Map<String, Long> purgeFinished(PurgeRequest request) {
        throw new UnsupportedOperationException("this store cannot purge finished tasks: " + describe());
    }

    /**
     * What {@link #purgeFinished} would delete now, every batch together (the request's {@code maxTasks} is
     * ignored), without deleting anything.
     *
     * @throws UnsupportedOperationException when the store cannot purge
     */
    default java.util.Map<String, Long> countPurgeable(PurgeRequest request) {
        throw new UnsupportedOperationException("this store cannot purge finished tasks: " + describe());
    }

    /**
     * The template versions unfinished tasks use, with how many tasks use each and the ids of the oldest
     * {@code examples} of them: the engine refuses to start without a version its tasks need.
     */
    default List<TemplateUse> unfinishedTemplateUses(int examples) {
        return List.of();
    }

    /**
     * Records a signal for a step unless one is recorded already (a signal sent from a node that does not run
     * the task: the owner delivers it). Returns false, changing nothing, when the step has a signal.
     */
    default boolean recordSignal(SignalRow row) {
        throw new UnsupportedOperationException("this store keeps no signals");
    }

    /** The signals of these tasks (delivered or not). */
    default List<SignalRow> signals(Collection<UUID> taskIds) {
        return List.of();
    }

    /** The children that sub-workflow steps of this task started. */
    default List<TaskLinkRow> children(UUID parentTaskId) {
        return List.of();
    }

    /** The parent step that started this task, if a sub-workflow step did. */
    default Optional<TaskLinkRow> parentOf(UUID childTaskId) {
        return Optional.empty();
    }

    /** Releases the connections (closes a pool the store created; leaves a given DataSource open). */
    @Override
    void close();
}
