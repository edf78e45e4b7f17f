package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The checkpoint of a step (one row per step, replaced on each checkpoint).
 *
 * @param stepId the step
 * @param taskId its task
 * @param checkpointJson {@code {cursor, items_processed, accumulated_results, timestamp, history[]}}
 * @param savedAt when it was saved
 */
public record CheckpointRow(UUID stepId, UUID taskId, String checkpointJson, Instant savedAt) {
    /** Checks the fields. */
    public CheckpointRow {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(checkpointJson, "checkpointJson");
        Objects.requireNonNull(savedAt, "savedAt");
    }
}
