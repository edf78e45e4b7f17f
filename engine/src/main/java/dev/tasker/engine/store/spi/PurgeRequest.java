package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Which finished tasks a purge deletes: those in a terminal state that ended before {@code finishedBefore}, of
 * {@code namespace} (every namespace when null) but none of {@code exceptNamespaces}, without a pending DLQ entry
 * and without an undelivered outbox event.
 *
 * @param finishedBefore tasks whose {@code completed_at} is earlier are candidates
 * @param namespace only this namespace, or null for all
 * @param exceptNamespaces namespaces left out (those with an age of their own)
 * @param maxTasks the most tasks one call deletes (one transaction)
 */
public record PurgeRequest(Instant finishedBefore, String namespace, Set<String> exceptNamespaces, int maxTasks) {
    /** The tables a purge deletes from, in the order it reports them. */
    public static final java.util.List<String> TABLES = java.util.List.of(
            "tasker_tasks",
            "tasker_steps",
            "tasker_step_edges",
            "tasker_step_results",
            "tasker_step_checkpoints",
            "tasker_task_transitions",
            "tasker_step_transitions",
            "tasker_dlq",
            "tasker_event_outbox",
            "tasker_cancel_requests");

    /** Checks the request. */
    public PurgeRequest {
        Objects.requireNonNull(finishedBefore, "finishedBefore");
        exceptNamespaces = Set.copyOf(exceptNamespaces);
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be positive: " + maxTasks);
        }
    }
}
