package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A signal sent to a step of a task (one row per step at most).
 *
 * @param taskId the task
 * @param stepName the step that waits for it
 * @param payloadJson the payload, which the step completes with
 * @param receivedAt when it was received
 * @param deliveredAt when the step completed with it, or null: kept until the step is reached
 */
public record SignalRow(
        UUID taskId,
        String stepName,
        String payloadJson,
        Instant receivedAt,
        @Nullable Instant deliveredAt) {
    /** Checks the fields. */
    public SignalRow {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(stepName, "stepName");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
