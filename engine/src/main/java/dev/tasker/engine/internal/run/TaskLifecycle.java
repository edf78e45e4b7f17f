package dev.tasker.engine.internal.run;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.UuidV7;
import dev.tasker.engine.store.spi.DlqEntryRow;
import dev.tasker.engine.store.spi.DlqResolution;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import dev.tasker.engine.store.spi.TaskUpdate;
import dev.tasker.engine.store.spi.WriteBatch;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The task's side of the state machine, on the loop thread: moves a task between states (guarded update
 * and audit row), writes its DLQ entries, and settles it (answers its awaiters after the commit; a finished
 * task, or on a shared database a blocked one, leaves this node's memory).
 */
public final class TaskLifecycle {
    /**
     * The finished-task lines go to a logger with a stable, public name ({@code dev.tasker.tasks}), so that
     * applications can route or silence them without naming an internal class.
     */
    private static final Logger LOG = LoggerFactory.getLogger("dev.tasker.tasks");

    private static final String DLQ_RESOLVED = "manually_resolved";
    private static final String DLQ_CANCELLED = "cancelled";

    /** Why a task went to the DLQ ({@code dlq_entry.reason}). */
    enum DlqReason {
        MAX_RETRIES_EXCEEDED("max_retries_exceeded"),
        PERMANENT_FAILURE("permanent_failure"),
        STALENESS_TIMEOUT("staleness_timeout");

        final String wireName;

        DlqReason(String wireName) {
            this.wireName = wireName;
        }
    }

    private final InstantSource clock;
    private final String nodeId;
    private final Map<UUID, TaskRun> live;
    private final Identities identities;
    /** Several engines on one database: new tasks beyond this many owned go to the queue (0: one engine). */
    private final int maxOwnedTasks;

    private final Runnable taskLeft;
    /** The level of the finished-task line; null: none. */
    private final Level finishedLevel;

    private final Observers observers;
    /** Told when a task ends or waits for an operator: its task-scope limit slots free. */
    private final java.util.function.Consumer<TaskRun> limitSlotsFreed;

    /** Told when a task reaches a terminal state (a sub-workflow's parent step waits for it). */
    private final java.util.function.BiConsumer<TaskRun, Cycle> ended;

    TaskLifecycle(
            InstantSource clock,
            String nodeId,
            Map<UUID, TaskRun> live,
            Identities identities,
            int maxOwnedTasks,
            Runnable taskLeft,
            Level finishedLevel,
            Observers observers,
            java.util.function.Consumer<TaskRun> limitSlotsFreed,
            java.util.function.BiConsumer<TaskRun, Cycle> ended) {
        this.limitSlotsFreed = limitSlotsFreed;
        this.ended = ended;
        this.observers = observers;
        this.finishedLevel = finishedLevel;
        this.maxOwnedTasks = maxOwnedTasks;
        this.taskLeft = taskLeft;
        this.clock = clock;
        this.nodeId = nodeId;
        this.live = live;
        this.identities = identities;
    }

    boolean shared() {
        return maxOwnedTasks > 0;
    }

    /** True when this node owns as many tasks as it may (a new one goes to the shared queue). */
    boolean full() {
        return shared() && live.size() >= maxOwnedTasks;
    }

    void move(TaskRun t, TaskState to, Cycle cy, String actor, String reason) {
        TaskState from = t.state;
        boolean wasSettled = t.isSettled();
        t.state = to;
        t.completedAt = to.isTerminal() ? cy.now : null;
        WriteBatch w = cy.writes(t);
        w.updateTask(new TaskUpdate(t.id, from, to, cy.now, t.completedAt));
        w.taskTransition(new TaskTransitionRow(t.id, from, to, cy.now, nodeId, actor, reason, null));
        t.lastProgressAt = cy.now;
        if (from == TaskState.BLOCKED_BY_FAILURES) {
            t.inDlq = false;
        }
        followRepairsInDlq(t, from, to, actor, w, cy);
        if (to.isTerminal() || to == TaskState.BLOCKED_BY_FAILURES) {
            limitSlotsFreed.accept(t);
        }
        if (from != to && SubWorkflows.isOver(to)) {
            ended.accept(t, cy);
        }
        if (wasSettled && !t.isSettled()) {
            t.settled = new CompletableFuture<>();
        }
        if (t.isSettled()) {
            settle(t, cy);
        }
    }

    /**
     * The DLQ follows what happened to the task: a task that completes after an operator's repair, or is
     * cancelled while failed, resolves its pending entry (if it has one; the entry keeps its snapshot).
     */
    private void followRepairsInDlq(TaskRun t, TaskState from, TaskState to, String actor, WriteBatch w, Cycle cy) {
        if (to == TaskState.COMPLETE && t.lastRepair != null) {
            w.resolvePendingDlq(new DlqResolution(
                    t.id, DLQ_RESOLVED, "task completed after repair: " + t.lastRepair, t.repairedBy, cy.now));
        } else if (to == TaskState.COMPLETE && t.rebuilt) {
            // A task with a pending entry completes only after a repair; made elsewhere, the audit says by whom.
            w.resolvePendingDlq(new DlqResolution(
                    t.id,
                    DLQ_RESOLVED,
                    "task completed after repair (made through an operator client or another node; its audit"
                            + " names who)",
                    nodeId,
                    cy.now));
        } else if (to == TaskState.CANCELLED
                && (t.lastRepair != null || from == TaskState.BLOCKED_BY_FAILURES || from == TaskState.ERROR)) {
            w.resolvePendingDlq(
                    new DlqResolution(t.id, DLQ_CANCELLED, "task cancelled", actor == null ? "engine" : actor, cy.now));
        }
    }

    /** Answers awaiters after the commit; a finished task leaves memory. */
    void settle(TaskRun t, Cycle cy) {
        if (t.settled.isDone()) {
            return;
        }
        TaskSnapshot snap = t.snapshot();
        if (t.state == TaskState.BLOCKED_BY_FAILURES && !t.inDlq) {
            boolean exhausted = t.steps.values().stream()
                    .anyMatch(s -> s.state == StepState.ERROR
                            && s.attempts >= s.maxAttempts()
                            && s.error != null
                            && s.error.path("retryable").asBoolean());
            deadLetter(t, snap, exhausted ? DlqReason.MAX_RETRIES_EXCEEDED : DlqReason.PERMANENT_FAILURE, cy);
        }
        boolean terminal = t.state.isTerminal();
        // Shared database: a task blocked by failures waits for an operator, who may act from any node, so it
        // leaves this node's memory and ownership (claims skip blocked tasks; an operator action claims it).
        boolean park = shared() && !terminal;
        if (park) {
            cy.writes(t).releaseTask(t.id);
        }
        if (shared() && !t.submittedHere) {
            cy.settledSignals.add(t.id); // its submitter waits on another node (local awaiters need no signal)
        }
        cy.after(t, () -> {
            if (terminal || park) {
                live.remove(t.id, t);
                t.evicted = true;
                identities.finished(t.identityHash, t.id);
            }
            if (!t.settled.isDone()) { // settled twice in one cycle: one line
                logFinished(t); // before the awaiters hear of it: whoever awaits the task finds the line written
                observeFinished(t, snap);
            }
            t.settled.complete(snap);
            if (terminal || park) {
                taskLeft.run();
            }
        });
    }

    /**
     * One line per task that finished (or blocked on failures), after its commit, with the task's MDC keys.
     * Nothing is built when the level is off.
     */
    private void logFinished(TaskRun t) {
        if (finishedLevel == null || !LOG.isEnabledForLevel(finishedLevel)) {
            return;
        }
        int attempts = 0;
        for (StepRun s : t.steps.values()) {
            attempts += s.attempts;
        }
        java.time.Instant end = t.completedAt != null ? t.completedAt : clock.instant();
        long millis = Math.max(0, java.time.Duration.between(t.createdAt, end).toMillis());
        try (LogContext ignored = LogContext.task(t, nodeId)) {
            LOG.atLevel(finishedLevel)
                    .log(
                            "task {} {}/{} v{} {} in {} ms: {} step(s), {} attempt(s)",
                            t.id,
                            t.template.namespace(),
                            t.template.name(),
                            t.template.version(),
                            t.state.wireName(),
                            millis,
                            t.steps.size(),
                            attempts);
        }
    }

    /** Tells the instrumentations, before the awaiters hear of it (so they see the task counted). */
    private void observeFinished(TaskRun t, TaskSnapshot snap) {
        if (!observers.active()) {
            return;
        }
        java.time.Instant end = t.completedAt != null ? t.completedAt : clock.instant();
        java.time.Duration d = java.time.Duration.between(t.createdAt, end);
        observers.taskFinished(new dev.tasker.engine.observe.TaskEnd(
                t.info(observers), snap.state().wireName(), d.isNegative() ? java.time.Duration.ZERO : d));
    }

    /** Writes a pending DLQ entry with the task's snapshot (replacing the task's pending one, if any). */
    void deadLetter(TaskRun t, TaskSnapshot snap, DlqReason reason, Cycle cy) {
        t.inDlq = true;
        cy.writes(t)
                .insertDlq(new DlqEntryRow(
                        UuidV7.next(clock),
                        t.id,
                        reason.wireName,
                        DlqEntryRow.PENDING,
                        Json.write(Snapshots.toJson(snap)),
                        null,
                        null,
                        cy.now,
                        cy.now,
                        null));
    }
}
