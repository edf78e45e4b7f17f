package dev.tasker.engine.store.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Several engines on one database (SPEC §6): who is alive, who owns which task, and the queue of tasks
 * nobody owns. A task is owned by one node at a time ({@code tasker_tasks.node_id}); only its owner runs
 * its steps, so each step attempt runs on exactly one node. A node holds a lease that its heartbeat renews;
 * when the lease runs out, another node declares it dead and puts its unfinished tasks back in the queue,
 * in the same transaction. Every write of an engine carries its node id and epoch
 * ({@link WriteBatch#fence}), so a node declared dead can write nothing more. Lease times are the
 * database's clock, the one clock all nodes share.
 */
public interface NodeRegistry {

    /**
     * Joins (or joins again) as {@code nodeId}: a new epoch, alive with a fresh lease. Unfinished tasks
     * that the id's earlier life owned, and those whose owner is no longer alive, go back to the queue.
     *
     * @return the new epoch
     */
    Join join(String nodeId, Duration lease);

    /** What joining found. */
    record Join(long epoch, boolean replacedLiveNode, int releasedTasks) {}

    /** Renews the lease; false when the node is no longer alive at this epoch (fenced out). */
    boolean heartbeat(String nodeId, long epoch, Duration lease);

    /**
     * Declares dead every alive node whose lease ran out and puts its unfinished tasks back in the queue
     * (signalling the other nodes). Nodes that another node is already expiring are skipped.
     *
     * @return the nodes declared dead, with how many tasks each released
     */
    List<String> expireLapsed();

    /**
     * Takes up to {@code limit} queued tasks (unowned, unfinished, not blocked), highest priority and oldest
     * first, skipping rows other nodes are claiming at the same moment and the tasks in {@code skip} (those
     * this node cannot run: their template is not loaded here). Costs one read when the queue is empty.
     *
     * @throws dev.tasker.engine.store.FencedException when this node is no longer alive at this epoch (found when there is work)
     */
    List<UUID> claim(String nodeId, long epoch, int limit, Collection<UUID> skip);

    /**
     * Takes one task for an operator action: succeeds when it is queued, already this node's, or finished
     * (so in nobody's memory). Otherwise returns the node that runs it.
     *
     * @return empty when this node owns it now, else the id of the node that runs it
     */
    Optional<String> claimTask(String nodeId, long epoch, UUID taskId);

    /**
     * Up to {@code limit} unfinished, unblocked tasks this node owns that have a step waiting for a retry due at
     * or before {@code now} (the engine's clock, the one {@code next_attempt_at} was written with). The
     * engine compares them with what it has in memory: an owned task that is not there has nobody to run it.
     */
    List<UUID> ownedWithDueRetry(String nodeId, java.time.Instant now, int limit);

    /** Puts these tasks, if this node still owns them and they are unfinished, back in the queue. */
    void release(String nodeId, long epoch, Collection<UUID> taskIds);

    /** Leaves the cluster: removes the node from the registry and puts its unfinished tasks back in the queue. */
    void leave(String nodeId, long epoch);

    /**
     * Records a cancel for a task another node owns and signals the nodes; the first request of a task
     * stands. The owner applies it; if the owner dies first, the node that takes the task over does.
     */
    void requestCancel(UUID taskId, String requestedBy, String reason);

    /**
     * Tells the nodes that something was recorded for this task (a signal) without a cancel: the node that runs
     * it reads it. Delivered like a cancel request's signal ({@link #listen}'s {@code onCancel}).
     */
    default void nudge(UUID taskId) {}

    /** A recorded cancel request. */
    record CancelRequest(UUID taskId, String requestedBy, String reason) {}

    /** The cancel requests recorded for these tasks. */
    List<CancelRequest> cancelRequests(Collection<UUID> taskIds);

    /** Forgets a cancel request once applied. */
    void cancelApplied(UUID taskId);

    /** Every node the registry knows, with the unfinished tasks each owns. */
    List<NodeRow> nodes();

    /**
     * Listens for signals from other nodes until closed: {@code onWork} when tasks were queued (and once
     * after every (re)connection, since signals may have been missed), {@code onSettled} with the id of a
     * task that settled on another node, {@code onCancel} with the id of a task whose cancel was requested.
     */
    AutoCloseable listen(Runnable onWork, Consumer<UUID> onSettled, Consumer<UUID> onCancel);
}
