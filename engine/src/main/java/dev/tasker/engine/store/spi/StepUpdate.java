package dev.tasker.engine.store.spi;

import dev.tasker.engine.StepState;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A guarded step change: applied only when the stored state is {@code expected}. Every other column
 * given here is written as it is (the engine always knows the full new values).
 *
 * @param stepId the step
 * @param expected the state it must be in
 * @param newState the state it moves to
 * @param attempts the attempt count after the change
 * @param nextAttemptAt when a retry may start, or null
 * @param lastAttemptedAt when the last attempt started, or null
 * @param updatedAt when
 * @param completedAt when it finished, or null
 * @param result the outcome this change records, replacing the step's stored result; null leaves the stored
 *     result as it is (a claim or a cancel keeps the error of the last failed attempt)
 */
public record StepUpdate(
        UUID stepId,
        StepState expected,
        StepState newState,
        int attempts,
        Instant nextAttemptAt,
        Instant lastAttemptedAt,
        Instant updatedAt,
        Instant completedAt,
        StepResultRow result) {
    /** Checks the fields. */
    public StepUpdate {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(newState, "newState");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (result != null && !result.stepId().equals(stepId)) {
            throw new IllegalArgumentException(
                    "the result of step " + result.stepId() + " given to the update of step " + stepId);
        }
    }

    /** A change that records no outcome: the stored result stays. */
    public StepUpdate(
            UUID stepId,
            StepState expected,
            StepState newState,
            int attempts,
            Instant nextAttemptAt,
            Instant lastAttemptedAt,
            Instant updatedAt,
            Instant completedAt) {
        this(stepId, expected, newState, attempts, nextAttemptAt, lastAttemptedAt, updatedAt, completedAt, null);
    }
}
