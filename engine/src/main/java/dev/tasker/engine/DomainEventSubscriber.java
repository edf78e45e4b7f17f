package dev.tasker.engine;

/**
 * Receives domain events whose name matches the pattern it was registered with ({@code payment.*},
 * {@code *}, or an exact name). Fast subscribers are called once, after the step's outcome is committed;
 * durable subscribers are called at least once from the outbox, again after a failure (with backoff)
 * and after a restart, until they return normally — so they must be idempotent (use {@link DomainEvent#eventId()}).
 */
@FunctionalInterface
public interface DomainEventSubscriber {

    /** Handles one event; throwing asks for (durable) redelivery. */
    void onEvent(DomainEvent event) throws Exception;
}
