package dev.tasker.engine.internal.run;

import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.FencedException;
import dev.tasker.engine.store.StaleWriteException;
import dev.tasker.engine.store.StoreDataException;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import dev.tasker.engine.store.spi.TaskUpdate;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group commit the database refused because of the data of one task (a value it cannot store, a broken
 * constraint: {@link StoreDataException}) would be refused again on every retry and wedge the engine. So the
 * cycle is split: each task's rows are committed alone, and a task whose rows are refused leaves memory and
 * goes to {@code error} as stored, with a transition naming the refusal (table, operation, SQLState; never
 * the values). The other tasks carry on. Runs on the loop thread.
 */
public final class PoisonWrites {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonWrites.class);
    private static final String ENGINE = StepMachine.ENGINE;

    private final Scheduler scheduler;
    private final Map<UUID, TaskRun> live;
    private final CommitFailures failures;
    private final String nodeId;

    PoisonWrites(Scheduler scheduler, Map<UUID, TaskRun> live, CommitFailures failures, String nodeId) {
        this.scheduler = scheduler;
        this.live = live;
        this.failures = failures;
        this.nodeId = nodeId;
    }

    /**
     * Commits each task's rows of the cycle alone through {@code apply} (which fences and counts). A
     * {@link FencedException} or a transient {@link StoreException} ends the split and propagates: the tasks
     * committed so far stay committed, the rest are retried by the caller.
     */
    void isolate(Cycle cy, WorkflowStore store, Consumer<WriteBatch> apply) {
        for (TaskRun t : cy.uncommittedTasks()) {
            try {
                apply.accept(cy.rowsOf(t));
                cy.committedAlone(t);
            } catch (StaleWriteException e) {
                failures.evictAndReload(cy, List.of(t.id), store);
            } catch (StoreDataException e) {
                quarantine(t, e, cy, store, apply);
            }
        }
    }

    private void quarantine(
            TaskRun t, StoreDataException cause, Cycle cy, WorkflowStore store, Consumer<WriteBatch> apply) {
        String reason = "the database refused a write of this task, so it stops here: " + cause.getMessage();
        try (LogContext ignored = LogContext.task(t, nodeId)) {
            LOG.error("task {} ({}) goes to error: {}", t.id, t.templateKey(), reason);
        }
        // Stored first, then out of memory: an awaiter woken by the eviction reads the task's final state.
        Optional<TaskRow> stored = store.findTask(t.id);
        if (stored.isPresent() && !stored.get().state().isTerminal()) {
            TaskState from = stored.get().state();
            apply.accept(new WriteBatch()
                    .updateTask(new TaskUpdate(t.id, from, TaskState.ERROR, cy.now, cy.now))
                    .taskTransition(new TaskTransitionRow(
                            t.id, from, TaskState.ERROR, cy.now, nodeId, ENGINE, ValueLimits.cut(reason, 2000), null)));
        } // else never stored (a submit's ack already failed), or already over
        live.remove(t.id);
        scheduler.evict(t, cy);
        scheduler.identities().forget(t.identityHash, t.id);
    }
}
