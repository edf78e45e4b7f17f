package dev.tasker.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One recorded state change of a step (part of its task's {@link AuditTrail}).
 *
 * @param taskId the task
 * @param stepId the step
 * @param stepName the step's name in its template
 * @param fromState the state before ({@code null} for the first)
 * @param toState the state after
 * @param at when
 * @param attempt the attempt number the change belongs to
 * @param nodeId the engine that made the change
 * @param actor who: the engine or an operator's name
 * @param reason why, in words
 * @param metadataJson details (error, backoff, results) as a JSON object text, or {@code null}
 */
public record StepTransition(
        UUID taskId,
        UUID stepId,
        String stepName,
        @Nullable StepState fromState,
        StepState toState,
        Instant at,
        int attempt,
        @Nullable String nodeId,
        @Nullable String actor,
        @Nullable String reason,
        @Nullable String metadataJson) {
    /** Checks the required parts. */
    public StepTransition {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(stepName, "stepName");
        Objects.requireNonNull(toState, "toState");
        Objects.requireNonNull(at, "at");
    }
}
