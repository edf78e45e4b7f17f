package dev.tasker.engine.store.spi;

import dev.tasker.engine.StepState;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored step of a task.
 *
 * @param stepId the step's id
 * @param taskId its task
 * @param name its name, unique within the task (a batch worker's includes its batch id)
 * @param templateStepName the template step it was made from (equal to name except for batch workers)
 * @param stepType the template step type's YAML name ({@code standard}, {@code decision}, ...)
 * @param state the current state
 * @param attempts attempts started so far (a claim counts)
 * @param maxAttempts the most attempts it gets
 * @param retryable the template's retryable flag
 * @param inputsJson the step row's inputs (batch cursor etc.) as a JSON object
 * @param nextAttemptAt when a waiting retry may start, or null
 * @param lastAttemptedAt when the last attempt started, or null
 * @param createdAt when it was created
 * @param updatedAt when its state last changed
 * @param completedAt when it finished, or null
 * @param waitingReason why the step waits (a signal, a child task, a per-key limit), as the engine last wrote it
 *     ({@link WriteBatch#stepWaiting}); null when nothing holds it back
 */
public record StepRow(
        UUID stepId,
        UUID taskId,
        String name,
        String templateStepName,
        String stepType,
        StepState state,
        int attempts,
        int maxAttempts,
        boolean retryable,
        String inputsJson,
        Instant nextAttemptAt,
        Instant lastAttemptedAt,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        String waitingReason) {
    /** A row without a waiting reason (the components before {@code waitingReason} was added). */
    public StepRow(
            UUID stepId,
            UUID taskId,
            String name,
            String templateStepName,
            String stepType,
            StepState state,
            int attempts,
            int maxAttempts,
            boolean retryable,
            String inputsJson,
            Instant nextAttemptAt,
            Instant lastAttemptedAt,
            Instant createdAt,
            Instant updatedAt,
            Instant completedAt) {
        this(
                stepId,
                taskId,
                name,
                templateStepName,
                stepType,
                state,
                attempts,
                maxAttempts,
                retryable,
                inputsJson,
                nextAttemptAt,
                lastAttemptedAt,
                createdAt,
                updatedAt,
                completedAt,
                null);
    }

    /** Checks the required fields. */
    public StepRow {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(templateStepName, "templateStepName");
        Objects.requireNonNull(stepType, "stepType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(inputsJson, "inputsJson");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
