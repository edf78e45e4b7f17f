package dev.tasker.engine;

import java.util.List;

/**
 * Every recorded state change of a task and of its steps, oldest first: from, to, when, attempt, node,
 * who (the engine or an operator) and why.
 *
 * @param task the task's transitions
 * @param steps the transitions of all its steps
 */
public record AuditTrail(List<TaskTransition> task, List<StepTransition> steps) {

    /** Copies the lists. */
    public AuditTrail {
        task = List.copyOf(task);
        steps = List.copyOf(steps);
    }

    /** The transitions of one step, oldest first. */
    public List<StepTransition> step(String stepName) {
        return steps.stream().filter(r -> r.stepName().equals(stepName)).toList();
    }
}
