package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A domain event a step declared in {@code publishes_events} and fired.
 *
 * @param eventId unique per event (a durable event keeps it across redeliveries: use it to deduplicate)
 * @param name the declared name, e.g. {@code payment.processed}
 * @param payload the step's result (or its error, for failure conditions), as transformed by a custom publisher
 * @param taskId the task
 * @param stepId the step
 * @param stepName the step's name
 * @param namespace the task's namespace
 * @param taskName the task's template name
 * @param correlationId the task's correlation id
 * @param firedAt when the step's outcome was recorded (engine clock)
 * @param deliveryMode {@code fast}, {@code durable} or {@code broadcast}
 */
public record DomainEvent(
        UUID eventId,
        String name,
        JsonNode payload,
        UUID taskId,
        UUID stepId,
        String stepName,
        String namespace,
        String taskName,
        String correlationId,
        Instant firedAt,
        String deliveryMode) {}
