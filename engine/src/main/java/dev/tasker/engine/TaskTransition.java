package dev.tasker.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One recorded state change of a task (part of its {@link AuditTrail}).
 *
 * @param taskId the task
 * @param fromState the state before ({@code null} for the first)
 * @param toState the state after
 * @param at when
 * @param nodeId the engine that made the change
 * @param actor who: the engine or an operator's name
 * @param reason why, in words
 * @param metadataJson details as a JSON object text, or {@code null}
 */
public record TaskTransition(
        UUID taskId,
        @Nullable TaskState fromState,
        TaskState toState,
        Instant at,
        @Nullable String nodeId,
        @Nullable String actor,
        @Nullable String reason,
        @Nullable String metadataJson) {
    /** Checks the required parts. */
    public TaskTransition {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(toState, "toState");
        Objects.requireNonNull(at, "at");
    }
}
