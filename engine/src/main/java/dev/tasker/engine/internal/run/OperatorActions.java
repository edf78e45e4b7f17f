package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskNotFoundException;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.store.spi.StepResultRow;

/**
 * Operator actions, on the loop thread. Each records who and why in the audit and then re-evaluates
 * the task, so it resumes by itself (a deliberate fix: the reference leaves a repaired task where it was).
 */
public final class OperatorActions {
    private final StepMachine steps;
    private final ReadyQueue queue;
    private final TaskLifecycle tasks;

    OperatorActions(StepMachine steps, ReadyQueue queue, TaskLifecycle tasks) {
        this.steps = steps;
        this.queue = queue;
        this.tasks = tasks;
    }

    /** Applies {@code op} to {@code t} (its live task, loaded if need be; null when there is none). */
    void apply(TaskRun t, Command.Operate op, Cycle cy) {
        if (t == null) {
            op.ack().completeExceptionally(new TaskNotFoundException(op.taskId()));
            return;
        }
        if (t.state == TaskState.SCHEDULED) {
            // A step repair would start the task before its time; nothing of it has run yet to repair.
            op.ack()
                    .completeExceptionally(new OperatorActionException("task " + t.id + " is scheduled to start at "
                            + t.runAt + " and has not run; cancel it, or act on its steps once it has started"));
            return;
        }
        try {
            switch (op.action()) {
                case OperatorAction.ResetStep r -> reset(t, step(t, r.step()), op, cy);
                case OperatorAction.ResolveStep r ->
                    satisfy(t, step(t, r.step()), StepState.RESOLVED_MANUALLY, null, op, cy);
                case OperatorAction.CompleteStep c -> satisfy(t, step(t, c.step()), StepState.COMPLETE, c, op, cy);
                case OperatorAction.RetryTask r -> retry(t, op, cy);
            }
        } catch (OperatorActionException e) {
            op.ack().completeExceptionally(e);
            return;
        }
        t.lastRepair = describe(op);
        t.repairedBy = op.actor();
        StepMachine.refreshFailFast(t);
        if (!t.failFast) {
            // While the task was failing fast, dispatch dropped its ready steps (a sibling waiting for a slot,
            // a retry whose time came): nothing else would queue them again.
            for (StepRun x : t.steps.values()) {
                if (x.isRunnable(cy.now)) {
                    queue.enqueue(x);
                }
            }
        }
        TaskState next = t.evaluate();
        if (next != t.state) {
            tasks.move(t, next, cy, op.actor(), op.reason());
        }
        cy.touch(t);
        cy.acknowledge(t, () -> op.ack().complete(null));
    }

    /** {@code complete_step 'charge' by alice (card re-issued)}: the note a DLQ entry gets when the task completes. */
    private static String describe(Command.Operate op) {
        String what = switch (op.action()) {
            case OperatorAction.ResetStep r -> "reset_step '" + r.step() + "'";
            case OperatorAction.ResolveStep r -> "resolve_step '" + r.step() + "'";
            case OperatorAction.CompleteStep c -> "complete_step '" + c.step() + "'";
            case OperatorAction.RetryTask r -> "retry_task";
        };
        return what + " by " + op.actor()
                + (op.reason() == null || op.reason().isBlank() ? "" : " (" + op.reason() + ")");
    }

    private static StepRun step(TaskRun t, String name) {
        StepRun s = t.steps.get(name);
        if (s == null) {
            throw new OperatorActionException(
                    "task " + t.id + " has no step '" + name + "'; it has " + t.steps.keySet());
        }
        return s;
    }

    private void reset(TaskRun t, StepRun s, Command.Operate op, Cycle cy) {
        StepState from = s.state;
        if (from != StepState.ERROR && !(from == StepState.CANCELLED && t.state != TaskState.CANCELLED)) {
            throw new OperatorActionException("step '" + s.name + "' of task " + t.id + " is " + s.state.wireName()
                    + "; only a step in error can be reset for retry");
        }
        steps.reset(s, op.actor(), op.reason(), cy);
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
    private void satisfy(
            TaskRun t, StepRun s, StepState to, OperatorAction.CompleteStep completion, Command.Operate op, Cycle cy) {
        if (t.state == TaskState.CANCELLED) {
            throw new OperatorActionException("task " + t.id + " is cancelled");
        }
        StepResultRow result = null;
        if (completion != null) {
            s.result = completion.result();
            s.error = null;
            ObjectNode meta = Json.object();
            ObjectNode custom = meta.putObject("custom");
            custom.put("manually_completed", true);
            custom.put("completed_by", op.actor());
            custom.put("completion_reason", op.reason());
            result = new StepResultRow(
                    s.id, t.id, true, Json.write(s.result), null, Json.write(meta), s.attempts, cy.now);
        }
        steps.satisfy(s, to, result, op.actor(), op.reason(), cy);
    }
}
