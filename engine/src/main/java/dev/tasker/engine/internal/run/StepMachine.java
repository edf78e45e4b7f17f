package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.ErrorType;
import dev.tasker.engine.StepState;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.observe.AttemptEnd;
import dev.tasker.engine.observe.AttemptOutcome;
import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.StepUpdate;
import dev.tasker.engine.template.FailureStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one place a step changes state, on the loop thread (reference §3.3, collapsed to the engine's seven
 * states). Each move checks the step's current state against the states it may leave from (an illegal move
 * is a bug: {@link IllegalStateException}, nothing changed), then in one go changes the step in memory and
 * its task's counters, writes the guarded update ({@code WHERE state = from}) and its audit row into the
 * cycle's batch, frees the step's slots or holds/releases its children, sets {@code completedAt}, applies
 * fail-fast and publishes the step's events.
 *
 * <pre>
 *   pending ─claim─► in_progress ─complete─► complete
 *   waiting_for_retry ─claim─┘   ├─fail──► waiting_for_retry | error   (also: found interrupted on load)
 *                                └─stale─► error
 *   pending | waiting_for_retry | in_progress ─cancel─► cancelled
 *   error | cancelled ─reset─► pending               (operator)
 *   any ─resolve / complete by hand─► resolved_manually | complete   (operator)
 * </pre>
 */
public final class StepMachine {
    /** The actor of the engine's own moves in the audit. */
    static final String ENGINE = "engine";

    private static final Set<StepState> STARTABLE = EnumSet.of(StepState.PENDING, StepState.WAITING_FOR_RETRY);
    private static final Set<StepState> RUNNING = EnumSet.of(StepState.IN_PROGRESS);
    private static final Set<StepState> UNFINISHED =
            EnumSet.of(StepState.PENDING, StepState.WAITING_FOR_RETRY, StepState.IN_PROGRESS);
    private static final Set<StepState> RESETTABLE = EnumSet.of(StepState.ERROR, StepState.CANCELLED);
    private static final Set<StepState> ANY = EnumSet.allOf(StepState.class);

    private final String nodeId;
    private final ReadyQueue queue;
    private final EventSink events;

    StepMachine(String nodeId, ReadyQueue queue, EventSink events) {
        this.nodeId = nodeId;
        this.queue = queue;
        this.events = events;
    }

    // ---- the engine's moves ------------------------------------------------------------------

    /**
     * pending | waiting_for_retry → in_progress: the step takes its slots and starts an attempt (counted
     * now). A step created in this cycle is inserted already claimed (one statement less, the same row).
     */
    void claim(StepRun s, Cycle cy) {
        claim(s, cy, true);
    }

    /**
     * pending | waiting_for_retry → in_progress for a step that waits (a signal, a child task): the same move,
     * counted as an attempt and audited, but it takes no slot and starts no handler.
     */
    void await(StepRun s, Cycle cy) {
        claim(s, cy, false);
    }

    private void claim(StepRun s, Cycle cy, boolean takesSlot) {
        StepState from = guard(s, STARTABLE, StepState.IN_PROGRESS);
        TaskRun t = s.task;
        t.setState(s, StepState.IN_PROGRESS);
        s.attempts++;
        s.lastAttemptedAt = cy.now;
        s.nextAttemptAt = null;
        s.invocation++;
        if (takesSlot) {
            queue.acquire(s);
        } else {
            s.waiting = true;
            t.waitingSteps++;
        }
        if (!cy.rewriteInsert(s, row -> claimed(row, s.attempts, cy.now))) {
            cy.writes(t)
                    .updateStep(
                            new StepUpdate(s.id, from, StepState.IN_PROGRESS, s.attempts, null, cy.now, cy.now, null));
        }
        audit(s, from, StepState.IN_PROGRESS, ENGINE, null, cy);
        cy.touch(t);
    }

    private static StepRow claimed(StepRow row, int attempts, Instant now) {
        return new StepRow(
                row.stepId(),
                row.taskId(),
                row.name(),
                row.templateStepName(),
                row.stepType(),
                StepState.IN_PROGRESS,
                attempts,
                row.maxAttempts(),
                row.retryable(),
                row.inputsJson(),
                null,
                now,
                row.createdAt(),
                now,
                null);
    }

    /** in_progress → complete with the handler's result: its slots are freed and its children released. */
    void complete(StepRun s, Outcome.Succeeded ok, Cycle cy) {
        guard(s, RUNNING, StepState.COMPLETE);
        TaskRun t = s.task;
        releaseSlots(s, cy);
        t.setState(s, StepState.COMPLETE);
        s.result = ok.result();
        s.error = null;
        s.completedAt = cy.now;
        write(
                s,
                StepState.IN_PROGRESS,
                StepState.COMPLETE,
                null,
                cy.now,
                new StepResultRow(
                        s.id, t.id, true, ok.resultJson(), null, Json.write(ok.metadata()), s.attempts, cy.now),
                ENGINE,
                null,
                cy);
        events.onOutcome(s, true, false, null, cy);
        attemptEnded(s, AttemptOutcome.SUCCEEDED, null, cy);
        releaseChildren(s, cy);
        cy.touch(t);
    }

    /**
     * in_progress → waiting_for_retry (when {@code nextAttemptAt} is given) or error. A permanent failure
     * applies the worker's batch failure strategy: {@code continue_on_failure} tolerates it (its children are
     * released), {@code fail_fast} cancels the batch's other unfinished workers, and any failure but an
     * isolated or tolerated worker's makes the task fail fast. The caller arms the retry.
     */
    void fail(StepRun s, Outcome.Failed f, ObjectNode error, Instant nextAttemptAt, Cycle cy) {
        StepState to = nextAttemptAt != null ? StepState.WAITING_FOR_RETRY : StepState.ERROR;
        guard(s, RUNNING, to);
        TaskRun t = s.task;
        releaseSlots(s, cy);
        s.error = error;
        s.nextAttemptAt = nextAttemptAt;
        if (to == StepState.ERROR) {
            s.completedAt = cy.now;
            FailureStrategy strategy = s.failureStrategy();
            s.tolerated = strategy == FailureStrategy.CONTINUE_ON_FAILURE;
            if (strategy == null || strategy == FailureStrategy.FAIL_FAST) {
                t.failFast = true;
            }
            if (strategy == FailureStrategy.FAIL_FAST) {
                cancelSiblings(s, cy);
            }
        }
        t.setState(s, to);
        write(
                s,
                StepState.IN_PROGRESS,
                to,
                s.nextAttemptAt,
                s.completedAt,
                new StepResultRow(
                        s.id, t.id, false, null, Json.write(error), Json.write(f.metadata()), s.attempts, cy.now),
                ENGINE,
                f.message(),
                cy);
        events.onOutcome(s, false, to == StepState.WAITING_FOR_RETRY, error, cy);
        attemptEnded(
                s,
                f.type() == ErrorType.TIMEOUT
                        ? AttemptOutcome.TIMED_OUT
                        : to == StepState.ERROR ? AttemptOutcome.FAILED : AttemptOutcome.RETRYING,
                f,
                cy);
        if (to == StepState.ERROR && s.tolerated) {
            releaseChildren(s, cy);
        }
        cy.touch(t);
    }

    /** fail_fast: the first permanent worker failure cancels the batch's other unfinished workers. */
    private void cancelSiblings(StepRun failed, Cycle cy) {
        String batch = failed.batchableStep();
        for (StepRun s : failed.task.steps.values()) {
            if (s != failed && !s.state.isFinished() && batch.equals(s.batchableStep())) {
                cancel(s, ENGINE, "fail_fast: worker " + failed.name + " failed", cy);
            }
        }
    }

    /**
     * in_progress → waiting_for_retry (due now) or error, for a step found in progress while its task is
     * loaded: the engine that ran the attempt stopped before recording its outcome. It held no slot here.
     */
    void foundInterrupted(StepRun s, boolean again, String reason, Cycle cy) {
        StepState to = again ? StepState.WAITING_FOR_RETRY : StepState.ERROR;
        guard(s, RUNNING, to);
        TaskRun t = s.task;
        t.setState(s, to);
        s.nextAttemptAt = again ? cy.now : null;
        s.completedAt = again ? null : cy.now;
        ObjectNode error = Json.object();
        error.put("message", reason);
        error.put("error_type", ErrorType.HANDLER_ERROR.wireName());
        error.put("retryable", again);
        s.error = error;
        // Stored as the attempt's result too: the step's error reads this after any later restart, not null.
        write(
                s,
                StepState.IN_PROGRESS,
                to,
                s.nextAttemptAt,
                s.completedAt,
                new StepResultRow(s.id, t.id, false, null, Json.write(error), "{}", s.attempts, cy.now),
                ENGINE,
                reason,
                cy);
    }

    /** in_progress → error for a task gone stale: the attempt is interrupted and its slots freed. */
    void stale(StepRun s, String reason, Cycle cy) {
        guard(s, RUNNING, StepState.ERROR);
        releaseSlots(s, cy);
        interrupt(s);
        attemptEnded(s, AttemptOutcome.CANCELLED, null, cy);
        s.task.setState(s, StepState.ERROR);
        s.completedAt = cy.now;
        write(s, StepState.IN_PROGRESS, StepState.ERROR, null, cy.now, null, ENGINE, reason, cy);
    }

    /** Any unfinished state → cancelled: a running attempt is interrupted and its slots freed. */
    void cancel(StepRun s, String actor, String reason, Cycle cy) {
        StepState from = guard(s, UNFINISHED, StepState.CANCELLED);
        if (from == StepState.IN_PROGRESS) {
            releaseSlots(s, cy);
            interrupt(s);
            attemptEnded(s, AttemptOutcome.CANCELLED, null, cy);
        }
        s.task.setState(s, StepState.CANCELLED);
        s.completedAt = cy.now;
        write(s, from, StepState.CANCELLED, null, cy.now, null, actor, reason, cy);
    }

    // ---- the operator's moves ----------------------------------------------------------------

    /**
     * error | cancelled → pending with no attempt made: a tolerated failure that had released its children
     * holds them again (retried, the aggregator must wait for its result); the step queues if it can run.
     */
    void reset(StepRun s, String actor, String reason, Cycle cy) {
        StepState from = guard(s, RESETTABLE, StepState.PENDING);
        TaskRun t = s.task;
        boolean released = s.satisfiesDependents();
        t.setState(s, StepState.PENDING);
        if (released) {
            s.tolerated = false;
            for (StepRun child : s.children) {
                child.unmetParents++;
            }
        }
        s.attempts = 0;
        s.nextAttemptAt = null;
        s.completedAt = null;
        write(s, from, StepState.PENDING, null, null, null, actor, reason, cy);
        if (s.isRunnable(cy.now)) {
            queue.enqueue(s);
        }
    }

    /**
     * Any state → resolved_manually, or → complete with {@code result} (its result row given): a running
     * attempt is interrupted and its late outcome ignored; children it did not satisfy yet are released.
     */
    void satisfy(StepRun s, StepState to, StepResultRow result, String actor, String reason, Cycle cy) {
        if (to != StepState.COMPLETE && to != StepState.RESOLVED_MANUALLY) {
            throw illegal(s, to);
        }
        StepState from = guard(s, ANY, to);
        TaskRun t = s.task;
        boolean wasSatisfied = s.satisfiesDependents();
        if (from == StepState.IN_PROGRESS) {
            releaseSlots(s, cy);
            interrupt(s);
            s.invocation++; // the running attempt's late outcome is ignored
            attemptEnded(s, AttemptOutcome.CANCELLED, null, cy);
        }
        t.setState(s, to);
        s.completedAt = cy.now;
        s.nextAttemptAt = null;
        write(s, from, to, null, cy.now, result, actor, reason, cy);
        if (!wasSatisfied) {
            releaseChildren(s, cy);
        }
    }

    // ---- instrumentations --------------------------------------------------------------------

    /**
     * Tells the instrumentations watching the step's attempt how it ended, after the commit that records it
     * and before the task's awaiters hear of it (nothing when none watches it).
     */
    static void attemptEnded(StepRun s, AttemptOutcome outcome, Outcome.Failed f, Cycle cy) {
        attemptEnded(s, outcome, f, cy, false);
    }

    /**
     * @param leaving the task leaves this cycle (evicted): told after the commit whatever happens to the task
     */
    static void attemptEnded(StepRun s, AttemptOutcome outcome, Outcome.Failed f, Cycle cy, boolean leaving) {
        Observers.Attempt a = s.observed;
        Throwable thrown = s.thrown;
        s.observed = null;
        s.thrown = null;
        if (a == null) {
            return;
        }
        Duration d = Duration.between(a.attempt.startedAt(), cy.now);
        AttemptEnd end = new AttemptEnd(
                outcome,
                d.isNegative() ? Duration.ZERO : d,
                f == null ? null : f.type().wireName(),
                f == null ? null : f.message(),
                f == null ? null : thrown);
        if (leaving) {
            cy.afterAll(() -> a.finished(end));
        } else {
            cy.after(s.task, () -> a.finished(end));
        }
    }

    // ---- fail-fast ---------------------------------------------------------------------------

    /** Start nothing new in the task (cancelled, or gone stale). */
    static void failFast(TaskRun t) {
        t.failFast = true;
    }

    /**
     * Recomputes fail-fast from the steps (a task loaded, or repaired by an operator): a failed step blocks
     * the task unless its batch tolerates or isolates the failure.
     */
    static void refreshFailFast(TaskRun t) {
        boolean blocked = false;
        for (StepRun s : t.steps.values()) {
            if (s.state == StepState.ERROR && !s.tolerated && s.failureStrategy() != FailureStrategy.ISOLATE) {
                blocked = true;
                break;
            }
        }
        t.failFast = blocked;
    }

    // ---- shared parts ------------------------------------------------------------------------

    /** A step now satisfies its dependents: each may become ready. */
    private void releaseChildren(StepRun s, Cycle cy) {
        for (StepRun child : s.children) {
            child.unmetParents--;
            if (child.isRunnable(cy.now)) {
                queue.enqueue(child);
            }
        }
    }

    /** A running step leaves in_progress: it frees its slots, or stops waiting (it held none). */
    private void releaseSlots(StepRun s, Cycle cy) {
        if (s.waiting) {
            s.waiting = false;
            s.task.waitingSteps--;
            s.task.lastProgressAt = cy.now; // its wait was no lack of progress
        } else {
            queue.release(s);
        }
    }

    /** Stops a running attempt: its handler is told, and one that never started is forgotten. */
    static void interrupt(StepRun s) {
        if (s.cancelFlag != null) {
            s.cancelFlag.set(true);
        }
        if (s.execution != null) {
            s.execution.cancel(true);
            s.execution = null;
        }
        if (s.handler != null && s.handler.preventStart()) {
            s.handler = null; // it never started: there is no handler to wait for
            s.task.handlersAlive--;
        }
    }

    /** The step's current state when it may go to {@code to} from there; else refused, nothing changed. */
    private static StepState guard(StepRun s, Set<StepState> from, StepState to) {
        StepState current = s.state;
        if (!from.contains(current)) {
            throw illegal(s, to);
        }
        return current;
    }

    private static IllegalStateException illegal(StepRun s, StepState to) {
        return new IllegalStateException("internal error: step " + s + " cannot go from " + s.state.wireName() + " to "
                + to.wireName() + " (a bug in the engine; nothing was changed)");
    }

    /** The guarded update and its audit row, in the same batch (invariant 4). */
    private void write(
            StepRun s,
            StepState from,
            StepState to,
            Instant nextAttemptAt,
            Instant completedAt,
            StepResultRow result,
            String actor,
            String reason,
            Cycle cy) {
        cy.writes(s.task)
                .updateStep(new StepUpdate(
                        s.id, from, to, s.attempts, nextAttemptAt, s.lastAttemptedAt, cy.now, completedAt, result));
        audit(s, from, to, actor, reason, cy);
    }

    private void audit(StepRun s, StepState from, StepState to, String actor, String reason, Cycle cy) {
        WaitingReasons.clear(s, cy);
        cy.writes(s.task)
                .stepTransition(new StepTransitionRow(
                        s.task.id, s.id, s.name, from, to, cy.now, s.attempts, nodeId, actor, reason, null));
    }
}
