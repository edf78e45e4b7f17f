package dev.tasker.engine.store.spi;

import dev.tasker.engine.TaskState;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A guarded task state change: applied only when the stored state is {@code expected}.
 *
 * @param taskId the task
 * @param expected the state it must be in
 * @param newState the state it moves to
 * @param updatedAt when
 * @param completedAt set when the new state is terminal, else null
 */
public record TaskUpdate(UUID taskId, TaskState expected, TaskState newState, Instant updatedAt, Instant completedAt) {
    /** Checks the fields. */
    public TaskUpdate {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(newState, "newState");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
