package dev.tasker.engine.observe;

/**
 * A read-only view of an engine's levels, safe to poll from any thread. The in-memory ones are as of the
 * engine's last cycle; the stored ones ({@link #dlqPending()}, {@link #outboxBacklog()}, {@link #nodesAlive()})
 * are counted by the database at most once per {@code refresh} interval (10 s), on the polling thread, and
 * are -1 until the first count succeeds or when the store cannot count them.
 */
public interface EngineGauges {
    /** Tasks held in memory (running, waiting or blocked). */
    int liveTasks();

    /** Step attempts running now. */
    int runningSteps();

    /** Ready steps waiting for a concurrency slot. */
    int readyQueueDepth();

    /** DLQ entries waiting for an operator ({@code pending}). */
    long dlqPending();

    /** Outbox events not yet delivered to every durable subscriber. */
    long outboxBacklog();

    /** Engine nodes alive on this database (1 for an engine alone on it). */
    long nodesAlive();

    /** Calls into instrumentations that threw since the engine started. */
    long instrumentationErrors();
}
