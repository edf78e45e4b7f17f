package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A durable domain event waiting in the outbox: written in the same transaction as the step outcome
 * that fired it, delivered at least once afterwards.
 *
 * @param id the store's sequence number (0 for a row not yet written)
 * @param eventId the event's id (unique)
 * @param taskId the task that fired it
 * @param stepId the step that fired it
 * @param eventName e.g. {@code payment.processed}
 * @param payloadJson the payload
 * @param metadataJson the event metadata (task, step, namespace, correlation id, fired at, ...)
 * @param createdAt when it was written
 * @param attempts delivery attempts so far
 * @param nextAttemptAt when to try next, or null for now
 * @param deliveredAt when it was delivered, or null
 * @param lastError the last delivery failure, or null
 */
public record OutboxRow(
        long id,
        UUID eventId,
        UUID taskId,
        UUID stepId,
        String eventName,
        String payloadJson,
        String metadataJson,
        Instant createdAt,
        int attempts,
        Instant nextAttemptAt,
        Instant deliveredAt,
        String lastError) {
    /** Checks the required fields. */
    public OutboxRow {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
