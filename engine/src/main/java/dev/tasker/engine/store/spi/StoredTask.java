package dev.tasker.engine.store.spi;

import java.util.List;
import java.util.Objects;

/**
 * A task with everything recovery needs to rebuild it in memory.
 *
 * @param task the task row
 * @param steps its steps
 * @param edges its edges
 * @param results the latest result of each step that has one
 * @param checkpoints the checkpoint of each step that has one
 * @param signals the signals sent to its steps (delivered or kept until the step is reached)
 * @param links its sub-workflow links: the one to its parent step (it is a child) and those to its children
 */
public record StoredTask(
        TaskRow task,
        List<StepRow> steps,
        List<EdgeRow> edges,
        List<StepResultRow> results,
        List<CheckpointRow> checkpoints,
        List<SignalRow> signals,
        List<TaskLinkRow> links) {
    /** A task without signals. */
    public StoredTask(
            TaskRow task,
            List<StepRow> steps,
            List<EdgeRow> edges,
            List<StepResultRow> results,
            List<CheckpointRow> checkpoints) {
        this(task, steps, edges, results, checkpoints, List.of(), List.of());
    }

    /** Copies the lists. */
    public StoredTask {
        Objects.requireNonNull(task, "task");
        steps = List.copyOf(steps);
        edges = List.copyOf(edges);
        results = List.copyOf(results);
        checkpoints = List.copyOf(checkpoints);
        signals = List.copyOf(signals);
        links = List.copyOf(links);
    }
}
