package dev.tasker.engine;

/**
 * Domain event counters since the engine started.
 *
 * @param fired events whose condition matched and whose payload was valid
 * @param invalidPayloads events not published because their payload broke the declared schema (the step still succeeded)
 * @param fastDelivered fast deliveries to subscribers that returned normally
 * @param fastFailed fast deliveries whose subscriber threw (not retried)
 * @param durableDelivered outbox events delivered to every matching durable subscriber
 * @param durableFailed durable delivery attempts that failed (retried with backoff)
 */
public record EventStats(
        long fired,
        long invalidPayloads,
        long fastDelivered,
        long fastFailed,
        long durableDelivered,
        long durableFailed) {}
