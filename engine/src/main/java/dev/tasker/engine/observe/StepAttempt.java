package dev.tasker.engine.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One attempt of a step, as it starts.
 *
 * @param task the step's task
 * @param stepId the step's id
 * @param step the step's name (a batch worker's is its template step's name followed by its batch id; see
 *     {@code templateStep} for a low-cardinality name)
 * @param templateStep the name of the step in the template (the same for every worker of a batch)
 * @param attempt the attempt's number, from 1
 * @param readyAt when the step became ready to run here (its parents done, its backoff over), by the engine's
 *     clock
 * @param startedAt when the attempt started
 */
public record StepAttempt(
        TaskInfo task, UUID stepId, String step, String templateStep, int attempt, Instant readyAt, Instant startedAt) {
    /** Checks the required parts. */
    public StepAttempt {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(templateStep, "templateStep");
        Objects.requireNonNull(readyAt, "readyAt");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** How long the step waited for a slot: from ready to started (zero if the clock went back). */
    public Duration queueWait() {
        Duration d = Duration.between(readyAt, startedAt);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
