package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A custom publisher named by an event declaration's {@code publisher}: it shapes the payload of the
 * events that name it (the default payload is the step's result, or its error for failure conditions).
 */
@FunctionalInterface
public interface EventPublisher {

    /**
     * The payload to publish, or null to publish nothing.
     *
     * @param event the event with its default payload
     */
    @Nullable
    JsonNode payload(DomainEvent event) throws Exception;
}
