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
 */
public record StoredTask(
        TaskRow task,
        List<StepRow> steps,
        List<EdgeRow> edges,
        List<StepResultRow> results,
        List<CheckpointRow> checkpoints) {
    /** Copies the lists. */
    public StoredTask {
        Objects.requireNonNull(task, "task");
        steps = List.copyOf(steps);
        edges = List.copyOf(edges);
        results = List.copyOf(results);
        checkpoints = List.copyOf(checkpoints);
    }
}
