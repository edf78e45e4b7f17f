package dev.tasker.engine.store.spi;

import dev.tasker.engine.TaskState;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One task state change in the append-only audit.
 *
 * @param taskId the task
 * @param fromState the state before, or null when the task was created
 * @param toState the state after
 * @param at when (engine clock)
 * @param nodeId the engine node that made the change
 * @param actor who asked for it ({@code engine}, or an operator's name)
 * @param reason why, or null
 * @param metadataJson extra JSON, or null
 */
public record TaskTransitionRow(
        UUID taskId,
        TaskState fromState,
        TaskState toState,
        Instant at,
        String nodeId,
        String actor,
        String reason,
        String metadataJson) {
    /** Checks the fields. */
    public TaskTransitionRow {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(toState, "toState");
        Objects.requireNonNull(at, "at");
    }
}
