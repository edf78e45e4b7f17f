package dev.tasker.engine.internal.run;

import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskNotFoundException;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.internal.support.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.store.StepResultRow;
import dev.tasker.engine.store.StepUpdate;
import dev.tasker.engine.store.WriteBatch;

/**
 * Operator actions, on the loop thread. Each records who and why in the audit and then re-evaluates
 * the task, so it resumes by itself (a deliberate fix: the reference leaves a repaired task where it was).
 */
public final class OperatorActions {
    private final Scheduler scheduler;

    OperatorActions(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void apply(Command.Operate op, Cycle cy) {
        TaskRun t = scheduler.liveOrLoad(op.taskId(), op.stored(), cy);
        if (t == null) {
            op.ack().completeExceptionally(new TaskNotFoundException(op.taskId()));
            return;
        }
        try {
            switch (op.action()) {
                case OperatorAction.ResetStep r -> reset(t, step(t, r.step()), op, cy);
                case OperatorAction.ResolveStep r -> satisfy(t, step(t, r.step()), StepState.RESOLVED_MANUALLY, null, op, cy);
                case OperatorAction.CompleteStep c -> satisfy(t, step(t, c.step()), StepState.COMPLETE, c, op, cy);
                case OperatorAction.RetryTask r -> retry(t, op, cy);
            }
        } catch (OperatorActionException e) {
            op.ack().completeExceptionally(e);
            return;
        }
        t.failFast = t.steps.values().stream().anyMatch(x -> x.state == StepState.ERROR && !x.tolerated
                && !"isolate".equals(x.failureStrategy()));
        if (!t.failFast) {
            // While the task was failing fast, dispatch dropped its ready steps (a sibling waiting for a slot,
            // a retry whose time came): nothing else would queue them again.
            for (StepRun x : t.steps.values()) {
                if (x.isRunnable(cy.now)) {
                    scheduler.enqueue(x);
                }
            }
        }
        TaskState next = t.evaluate();
        if (next != t.state) {
            scheduler.moveTask(t, next, cy, op.actor(), op.reason());
        }
        cy.touch(t);
        cy.after(t, () -> op.ack().complete(null));
    }

    private static StepRun step(TaskRun t, String name) {
        StepRun s = t.steps.get(name);
        if (s == null) {
            throw new OperatorActionException("task " + t.id + " has no step '" + name + "'; it has " + t.steps.keySet());
        }
        return s;
    }

    private void reset(TaskRun t, StepRun s, Command.Operate op, Cycle cy) {
        StepState from = s.state;
        if (from != StepState.ERROR && !(from == StepState.CANCELLED && t.state != TaskState.CANCELLED)) {
            throw new OperatorActionException("step '" + s.name + "' of task " + t.id + " is " + s.state.wireName()
                    + "; only a step in error can be reset for retry");
        }
        boolean released = s.satisfiesDependents();
        t.setState(s, StepState.PENDING);
        if (released) {
            // A tolerated failure (continue_on_failure) had released its dependents; retried, it must hold
            // them again, or the aggregator runs without its result and counts it as failed.
            s.tolerated = false;
            for (StepRun child : s.children) {
                child.unmetParents++;
            }
        }
        s.attempts = 0;
        s.nextAttemptAt = null;
        s.completedAt = null;
        WriteBatch w = cy.writes(t);
        w.updateStep(new StepUpdate(s.id, from, StepState.PENDING, 0, null, s.lastAttemptedAt, cy.now, null));
        w.stepTransition(scheduler.transition(s, from, StepState.PENDING, cy.now, op.actor(), op.reason()));
        if (s.isRunnable(cy.now)) {
            scheduler.enqueue(s);
        }
    }

    private void retry(TaskRun t, Command.Operate op, Cycle cy) {
        if (t.state != TaskState.ERROR && t.state != TaskState.BLOCKED_BY_FAILURES) {
            throw new OperatorActionException("task " + t.id + " is " + t.state.wireName()
                    + "; only a task in error or blocked_by_failures can be retried");
        }
        for (StepRun s : t.steps.values()) {
            // Workers cancelled by a fail_fast batch are run again too (the task itself was not cancelled).
            if (s.state == StepState.ERROR || s.state == StepState.CANCELLED) {
                reset(t, s, op, cy);
            }
        }
    }

    /** Resolve or complete a step by hand: its dependents may then run. */
    private void satisfy(TaskRun t, StepRun s, StepState to, OperatorAction.CompleteStep completion,
                         Command.Operate op, Cycle cy) {
        if (t.state == TaskState.CANCELLED) {
            throw new OperatorActionException("task " + t.id + " is cancelled");
        }
        StepState from = s.state;
        boolean wasSatisfied = s.satisfiesDependents();
        if (from == StepState.IN_PROGRESS) {
            scheduler.release(s);
            Scheduler.interrupt(s);
            s.invocation++; // the running attempt's late outcome is ignored
        }
        t.setState(s, to);
        s.completedAt = cy.now;
        s.nextAttemptAt = null;
        StepResultRow result = null;
        if (completion != null) {
            s.result = completion.result();
            s.error = null;
            ObjectNode meta = Json.object();
            ObjectNode custom = meta.putObject("custom");
            custom.put("manually_completed", true);
            custom.put("completed_by", op.actor());
            custom.put("completion_reason", op.reason());
            result = new StepResultRow(s.id, t.id, true, Json.write(s.result), null, Json.write(meta), s.attempts,
                    cy.now);
        }
        WriteBatch w = cy.writes(t);
        w.updateStep(new StepUpdate(s.id, from, to, s.attempts, null, s.lastAttemptedAt, cy.now, cy.now, result));
        w.stepTransition(scheduler.transition(s, from, to, cy.now, op.actor(), op.reason()));
        if (!wasSatisfied) {
            for (StepRun child : s.children) {
                child.unmetParents--;
                if (child.isRunnable(cy.now)) {
                    scheduler.enqueue(child);
                }
            }
        }
    }
}
