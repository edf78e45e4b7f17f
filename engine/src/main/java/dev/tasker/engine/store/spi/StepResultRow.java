package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The latest result of a step: one per step, replaced on each recorded outcome. It is written with the
 * guarded update that records the outcome ({@link StepUpdate#result()}), so a store may keep it on the
 * step's own row.
 *
 * @param stepId the step
 * @param taskId its task
 * @param success true for a success
 * @param resultJson the handler's result as JSON, or null on failure
 * @param errorJson the failure ({@code {message, error_type, retryable, error_code, ...}}), or null
 * @param metadataJson handler metadata plus timing, as a JSON object, or null
 * @param attempt the attempt that produced it
 * @param recordedAt when it was recorded
 */
public record StepResultRow(
        UUID stepId,
        UUID taskId,
        boolean success,
        String resultJson,
        String errorJson,
        String metadataJson,
        int attempt,
        Instant recordedAt) {
    /** Checks the fields. */
    public StepResultRow {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
