package dev.tasker.engine.internal.run;

import dev.tasker.engine.store.spi.WriteBatch;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * This engine's place among the engines of its database: alone ({@link SingleNode}), or one node of several
 * sharing a PostgreSQL database ({@code internal.cluster.ClusterNode}). The loop and the engine ask it instead
 * of checking whether there is a cluster.
 */
public interface Membership {
    /** The node's epoch, or {@link Command.Recover#ANY_EPOCH} alone. */
    long epoch();

    /** True when other engines share the database (tasks may run on, or be queued for, another node). */
    boolean shared();

    /**
     * Takes this engine's first share of the unfinished work: alone, every unfinished task; in a cluster, it
     * joins and claims from the queue, then starts its background loops. Returns how many tasks it took.
     */
    int start();

    /** Several engines: at most this many tasks owned here at once; 0 alone. */
    int maxOwnedTasks();

    /** A task left this engine's memory (there may be room for queued work). */
    void taskLeft();

    /**
     * Adds the commit's signals for the other nodes: work queued, tasks settled, and tasks whose node should look
     * at them ({@code nudged}: the parents of child tasks that ended here).
     */
    void announce(WriteBatch batch, boolean workQueued, Collection<UUID> settled, Collection<UUID> nudged);

    /** Fences a transaction by this node's epoch: it fails if another node declared this one dead. */
    void fence(WriteBatch batch);

    /** This node was fenced out (its tasks went to others) and the loop dropped them: join again. */
    void rejoin();

    /** Another node runs the task: its id; otherwise the task is now this node's to act on (or there is none). */
    Optional<String> ownerElsewhere(UUID taskId);

    /** Records a cancel for the node that runs the task (it applies it). */
    void requestCancel(UUID taskId, String who, String why);

    /** Tells the node that runs the task that something was recorded for it (a signal); nothing alone. */
    default void nudge(UUID taskId) {}

    /** Completes when another node signals the task settled (or at once when closing). */
    CompletableFuture<Void> settledSignal(UUID taskId);

    void forgetWait(UUID taskId, CompletableFuture<Void> signal);

    /** Takes no more work (the engine is closing). */
    void stopClaiming();

    /**
     * Until when this node's lease runs, by the engine's clock, as of its last renewal; empty alone (no lease).
     * {@link java.time.Instant#MIN} once it was fenced out, until it joins again.
     */
    default Optional<java.time.Instant> leaseUntil() {
        return Optional.empty();
    }

    /** Leaves: stops the background loops; unfinished tasks go to the others. */
    void close();
}
