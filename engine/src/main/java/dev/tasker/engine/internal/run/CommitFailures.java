package dev.tasker.engine.internal.run;

import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.WorkflowStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the loop does when a group commit fails (DESIGN-NOTES: memory is a cache that recovery can
 * rebuild): tasks whose stored rows disagreed are reloaded, a refused batch's submits are failed or
 * replayed alone, a fenced node drops everything, and commands that arrive while the database is down
 * wait. Runs on the loop thread.
 */
public final class CommitFailures {
    private static final Logger LOG = LoggerFactory.getLogger(CommitFailures.class);

    private final Scheduler scheduler;
    private final Map<UUID, TaskRun> live;
    private final Consumer<Command> post;
    private final LongSupplier epoch;
    private final List<Command> deferred = new ArrayList<>();

    CommitFailures(Scheduler scheduler, Map<UUID, TaskRun> live, Consumer<Command> post, LongSupplier epoch) {
        this.scheduler = scheduler;
        this.live = live;
        this.post = post;
        this.epoch = epoch;
    }

    /** Drops tasks whose stored rows disagreed with memory and reloads them from the database. */
    void evictAndReload(Cycle cy, List<UUID> taskIds, WorkflowStore store) {
        for (UUID id : taskIds) {
            TaskRun t = live.remove(id);
            if (t != null) {
                scheduler.evict(t, cy);
            }
        }
        long at = epoch.getAsLong();
        Thread.ofVirtual().name("tasker-reload").start(() -> {
            // Until they are back in memory nobody runs these tasks (this node still owns them): a failed
            // load is tried again; the claimer's check of owned tasks with a due retry is the last resort.
            long wait = 100;
            for (int attempt = 1; ; attempt++) {
                try {
                    post.accept(new Command.Recover(store.loadTasks(taskIds), at, null));
                    return;
                } catch (RuntimeException e) {
                    if (attempt == 10) {
                        LOG.error(
                                "cannot reload tasks {} after a stale write: {}; giving up after {} attempts",
                                taskIds,
                                e.getMessage(),
                                attempt);
                        return;
                    }
                    LOG.warn(
                            "cannot reload tasks {} after a stale write: {}; retrying in {} ms",
                            taskIds,
                            e.getMessage(),
                            wait);
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    wait = Math.min(wait * 2, 5_000);
                }
            }
        });
    }

    /**
     * This node was fenced out: another node owns its tasks now. Every task leaves memory (running handlers
     * are interrupted; their outcomes would be refused anyway) and this cycle's submits are posted again.
     */
    void dropAll(Cycle cy) {
        Identities identities = scheduler.identities();
        for (Command.Submit s : cy.submits) {
            TaskRun t = s.task();
            live.remove(t.id);
            // Its first steps may have been claimed in this cycle: evicting frees their slots (marking it
            // evicted alone leaked one per claimed step, until no step could start on this node).
            scheduler.evict(t, cy);
            identities.forget(t.identityHash, t.id);
            post.accept(new Command.Submit(s.plan().get(), s.plan(), s.ack(), s.retried()));
        }
        for (TaskRun t : List.copyOf(live.values())) {
            live.remove(t.id);
            scheduler.evict(t, cy);
            identities.forget(t.identityHash, t.id);
        }
        cy.clearTasks();
    }

    /** Fails this cycle's submits (nothing of them was stored); true when there were any. */
    boolean failSubmits(Cycle cy, StoreException cause, WorkflowStore store) {
        if (cy.submits.isEmpty()) {
            return false;
        }
        for (Command.Submit s : cy.submits) {
            TaskRun t = s.task();
            live.remove(t.id);
            scheduler.evict(t, cy);
            scheduler.identities().forget(t.identityHash, t.id);
            Optional<UUID> twin = t.identityHash == null ? Optional.empty() : findQuietly(store, t.identityHash);
            if (twin.isPresent()) {
                s.ack().complete(new Command.SubmitAck(twin.get(), true));
            } else if (s.retried()) {
                s.ack()
                        .completeExceptionally(new StoreException(
                                "task not created: the database refused the write: " + cause.getMessage(), cause));
            } else {
                // One bad submit (or a duplicate that raced past the checks) fails the whole batch: the
                // others are posted again, alone; a duplicate then finds its twin, a real failure fails.
                post.accept(new Command.Submit(s.plan().get(), s.plan(), s.ack(), true));
            }
        }
        cy.submits.clear();
        return true;
    }

    private static Optional<UUID> findQuietly(WorkflowStore store, String identityHash) {
        try {
            return store.findTaskIdByIdentity(identityHash);
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    /** Holds a command that arrived while the database is down. */
    void defer(Command c) {
        deferred.add(c);
    }

    /** Hands the held commands back to the loop, in arrival order. */
    void requeueDeferred(BlockingQueue<Command> inbox) {
        inbox.addAll(deferred);
        deferred.clear();
    }
}
