package dev.tasker.engine;

import dev.tasker.engine.template.TemplateRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What operators and tools do with the tasks of a database: read tasks, their audit and the DLQ, cancel, repair
 * steps, resolve DLQ entries, list the nodes. Both the running engine ({@link Tasker}) and the operator client
 * ({@link TaskerClient}, from {@link TaskerBuilder#buildClient()}) offer it, so an admin endpoint of the
 * application and the command line share one contract.
 */
public interface TaskerOperations extends AutoCloseable {

    /** The task as stored now, if it exists. */
    Optional<TaskSnapshot> task(UUID taskId);

    /** Cancels a task as {@code operator}; see {@link #cancel(UUID, String, String)}. */
    boolean cancel(UUID taskId);

    /**
     * Cancels a task: running handlers are interrupted, waiting steps are cancelled, and no step starts
     * after the cancel is committed.
     *
     * <p>From an operator client ({@link TaskerBuilder#buildClient()}) on an H2 database that the
     * application's engine is running, the cancel is recorded for that engine, which applies it itself
     * within about half a second (interrupting the handlers); this call waits up to
     * {@code max(shutdownGrace, 10 s)} for it.
     *
     * @param who recorded in the audit
     * @param why recorded in the audit (may be null)
     * @return true when the task was cancelled now, false when it had already ended
     * @throws TaskNotFoundException when there is no such task
     */
    boolean cancel(UUID taskId, String who, @Nullable String why);

    /**
     * Operator action: a step in {@code error} goes back to {@code pending} with attempts 0 and the task
     * carries on by itself. Audited with {@code who} and {@code why}.
     *
     * @throws OperatorActionException when the step is not in error, or (from an operator client) when the
     *         application's engine is running the H2 database: it holds the task, so act through it
     * @throws TaskNotFoundException when there is no such task
     */
    void resetStep(UUID taskId, String step, String who, @Nullable String why);

    /**
     * Operator action: a step is marked {@code resolved_manually} (a running attempt is interrupted);
     * its dependents may run and the task carries on. Audited with {@code who} and {@code why}.
     */
    void resolveStep(UUID taskId, String step, String who, @Nullable String why);

    /**
     * Operator action: a step is marked {@code complete} with {@code result} (any JSON-able value), which
     * its dependents read; the task carries on. Audited with {@code who} and {@code why}.
     */
    void completeStep(UUID taskId, String step, @Nullable Object result, String who, @Nullable String why);

    /**
     * Sends a signal to a step that waits for one ({@code extensions.signals} of its template): a waiting step
     * completes with {@code payload} as its result; a step not reached yet keeps the signal (stored, it survives
     * a restart) and completes with it when it is reached. A step takes one signal: later ones are
     * {@link SignalResult#DUPLICATE}. Works from any node of a shared database (the node that runs the task
     * completes the step), and from an operator client while no engine runs the H2 file.
     *
     * @param payload any JSON-able value (checked against the engine's result limits)
     * @throws TaskNotFoundException when there is no such task
     * @throws OperatorActionException when the task has no such step, the step is not a signal step, or (from an
     *         operator client) the application's engine is running the H2 database: signal through it
     */
    SignalResult signal(UUID taskId, String step, @Nullable Object payload);

    /**
     * {@link #signal(UUID, String, Object)} to the task that {@code task} identifies: the task it would be a
     * duplicate of if it were submitted again (the same template and idempotency key, or for a template whose
     * identity strategy is {@code strict}, the same context).
     *
     * @throws TaskNotFoundException when no task has that identity
     */
    SignalResult signal(TaskRequest task, String step, @Nullable Object payload);

    /**
     * The stored task that {@code request} identifies: the task it would be a duplicate of if it were submitted
     * now (the same template version and idempotency key, or for a template whose identity strategy is
     * {@code strict}, the same context). Empty when there is none, or when the template makes every task unique.
     *
     * @throws TaskRequestException when the request names no loaded template
     */
    default java.util.Optional<UUID> findTask(TaskRequest request) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot look tasks up by identity");
    }

    /**
     * Operator action: every failed step of a task in {@code error} or {@code blocked_by_failures} is
     * reset (attempts 0) and the task runs again. Audited with {@code who} and {@code why}.
     */
    void retryTask(UUID taskId, String who, @Nullable String why);

    /**
     * The engines sharing this database (PostgreSQL), with their leases and the unfinished tasks each owns;
     * empty when one engine owns the database (H2).
     */
    List<NodeInfo> nodes();

    /**
     * The audit trail of a task: its transitions and its steps', oldest first.
     *
     * @throws TaskNotFoundException when there is no such task
     */
    AuditTrail audit(UUID taskId);

    /** DLQ entries with this status ({@code pending}, ...; all when null), newest first, one page. */
    List<DlqEntry> dlq(@Nullable String status, int limit, int offset);

    /** One DLQ entry, if it exists. */
    Optional<DlqEntry> dlqEntry(UUID entryId);

    /**
     * Resolves a pending DLQ entry as {@code manually_resolved}, {@code permanently_failed} or
     * {@code cancelled}. The task is repaired (or not) with the operator actions; this records the outcome
     * of the investigation.
     *
     * @throws OperatorActionException when the entry is not pending
     * @throws IllegalArgumentException for another status
     */
    void resolveDlq(UUID entryId, String status, String who, @Nullable String notes);

    /** Stored tasks matching the query (state, namespace, template name), newest first, one page. */
    List<TaskSnapshot> tasks(TaskQuery query);

    /**
     * Deletes the finished tasks that ended more than {@code olderThan} ago (on the engine's clock), with all
     * their rows, whatever the {@link Retention} policy; tasks with a pending DLQ entry or an undelivered outbox
     * event stay, as unfinished tasks do. Runs in transactions of the policy's batch size; safe beside a running
     * engine's own purge.
     *
     * @param namespace only this namespace, or null for every namespace
     * @param dryRun count what would be deleted, delete nothing
     * @return the tasks and the rows per table deleted (or, for a dry run, that would be)
     */
    PurgeReport purge(java.time.Duration olderThan, @Nullable String namespace, boolean dryRun);

    /** {@link #purge(java.time.Duration, String, boolean)} for every namespace, deleting. */
    default PurgeReport purge(java.time.Duration olderThan) {
        return purge(olderThan, null, false);
    }

    /**
     * How many stored tasks are in each state (states without tasks are absent), counted by the database.
     *
     * @throws UnsupportedOperationException from an implementation that cannot count (the engine and the client
     *         both can)
     */
    default Map<TaskState, Long> taskCounts() {
        throw new UnsupportedOperationException(getClass().getName() + " does not count tasks");
    }

    /**
     * Step attempts that ended per minute since {@code since} (completed, failed), oldest first, from the audit;
     * minutes without any are absent.
     *
     * @throws UnsupportedOperationException from an implementation that cannot count
     */
    default List<StepActivity> stepActivity(Instant since) {
        throw new UnsupportedOperationException(getClass().getName() + " does not count step activity");
    }

    /**
     * Stored tasks matching the query as list lines (no context, results or graph; step counts by state),
     * newest first: what a task list shows, read with two short queries whatever the store's size.
     */
    default List<TaskSummary> taskSummaries(TaskQuery query) {
        return tasks(query).stream().map(TaskSummary::of).toList();
    }

    /** The templates this engine (or client) loaded. */
    TemplateRegistry templates();

    /** This engine's node id, as recorded in the audit. */
    String nodeId();

    /**
     * The recurring schedules stored in the database (declared by its engines), with their next fire times by
     * the engine's clock, whether paused, and their last fire time.
     */
    List<ScheduleInfo> schedules();

    /**
     * Pauses a schedule: no fire of it runs until it is resumed; this holds across restarts and for every engine
     * of the database.
     *
     * @throws OperatorActionException when there is no such schedule (the known ones named)
     */
    void pauseSchedule(String name, String who);

    /**
     * Resumes a paused schedule. The fires due while it was paused do not run: it goes on with its next fire
     * time.
     *
     * @throws OperatorActionException when there is no such schedule (the known ones named)
     */
    void resumeSchedule(String name, String who);

    /**
     * Releases everything. An engine stops starting steps, lets running ones finish within the shutdown grace
     * (while the database refuses writes, a full disk, it does not wait for running steps or for the database).
     */
    void close();
}
