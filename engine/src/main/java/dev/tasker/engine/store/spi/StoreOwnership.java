package dev.tasker.engine.store.spi;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A database that one engine at a time runs (an H2 file, embedded or shared through {@code AUTO_SERVER}):
 * the running engine holds a lock for its lifetime, so that a second engine on the same database is
 * refused instead of running every in-flight task again. Engines for operators and tools (operator mode,
 * the command line) take no lock; while the owner runs, they leave the tasks to it and ask it to cancel
 * through {@link #requestCancel}, which the owner polls ({@link #cancelRequests}).
 */
public interface StoreOwnership {

    /**
     * Takes the database for this engine until the store closes.
     *
     * @throws dev.tasker.engine.store.StoreOwnedException when another engine owns it; the message names the database, the owner
     *         (node, host, process, since when) and what to do
     */
    void acquire(String nodeId);

    /**
     * The running engine that owns the database now, described (node, host, process, since when); empty
     * when none does. Meant for engines that do not own it.
     */
    Optional<String> runningOwner();

    /** Records a cancel for the owner to apply; the first request of a task stands. */
    void requestCancel(UUID taskId, String requestedBy, String reason);

    /** Every cancel request recorded and not yet applied, oldest first. */
    List<NodeRegistry.CancelRequest> cancelRequests();

    /** Forgets a cancel request once applied (or found moot). */
    void cancelApplied(UUID taskId);
}
