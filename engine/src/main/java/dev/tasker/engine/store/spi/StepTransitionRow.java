package dev.tasker.engine.store.spi;

import dev.tasker.engine.StepState;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One step state change in the append-only audit.
 *
 * @param taskId the task
 * @param stepId the step
 * @param stepName the step's name (kept here so the audit reads without a join)
 * @param fromState the state before, or null when the step was created
 * @param toState the state after
 * @param at when (engine clock)
 * @param attempt the attempt the change belongs to (0 before the first)
 * @param nodeId the engine node that made the change
 * @param actor who asked for it ({@code engine}, or an operator's name)
 * @param reason why (an error message, an operator's reason), or null
 * @param metadataJson extra JSON, or null
 */
public record StepTransitionRow(
        UUID taskId,
        UUID stepId,
        String stepName,
        StepState fromState,
        StepState toState,
        Instant at,
        int attempt,
        String nodeId,
        String actor,
        String reason,
        String metadataJson) {
    /** Checks the fields. */
    public StepTransitionRow {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(stepName, "stepName");
        Objects.requireNonNull(toState, "toState");
        Objects.requireNonNull(at, "at");
    }
}
