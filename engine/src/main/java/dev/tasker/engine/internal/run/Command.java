package dev.tasker.engine.internal.run;

import dev.tasker.engine.store.spi.StoredTask;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** What other threads ask of the engine loop. Processed in arrival order, many per group commit. */
public sealed interface Command {

    /**
     * Insert a new task (built off the loop) and start it; {@code ack} completes after the commit, or at
     * once with the existing task when one with the same identity is known. {@code retried} marks a submit
     * posted again after a batch it shared failed.
     */
    record Submit(
            TaskRun task, java.util.function.Supplier<TaskRun> plan, CompletableFuture<SubmitAck> ack, boolean retried)
            implements Command {}

    /**
     * The submits of one {@code submitAll}, applied in order in one cycle so that they share one commit (the
     * loop's cap on commands per commit does not split them); a later one of them with the identity of an
     * earlier one is its duplicate.
     */
    record SubmitBatch(List<Submit> submits) implements Command {}

    /** What a submit became: a new task, or an existing one with the same identity. */
    record SubmitAck(java.util.UUID taskId, boolean duplicate) {}

    /** A handler invocation ended. */
    record Finished(StepRun step, long invocation, Outcome outcome) implements Command {}

    /** Cancel a task; {@code ack} gets true when it was cancelled now, false when it had already ended. */
    record Cancel(UUID taskId, StoredTask stored, String actor, String reason, CompletableFuture<Boolean> ack)
            implements Command {}

    /**
     * Rebuild these stored tasks in memory and carry on with them. {@code epoch} is the node's epoch when the
     * tasks were claimed or loaded ({@link #ANY_EPOCH} for one engine alone): a Recover that arrives after
     * the node joined again (fenced out meanwhile: the tasks went back to the queue) is ignored, and its
     * {@code ack} fails with a {@link dev.tasker.engine.store.FencedException}.
     */
    record Recover(List<StoredTask> tasks, long epoch, CompletableFuture<Integer> ack) implements Command {
        /** The epoch of a Recover that holds whatever the node's epoch (one engine on its database). */
        static final long ANY_EPOCH = -1;
    }

    /**
     * An operator action on a task; {@code stored} is the task as loaded by the caller, used when the task
     * is not in memory (finished or blocked). {@code ack} fails with the reason an action is refused.
     */
    record Operate(
            UUID taskId,
            StoredTask stored,
            OperatorAction action,
            String actor,
            String reason,
            CompletableFuture<Void> ack)
            implements Command {}

    /**
     * A signal for a step. {@code stored} as for {@link Operate}; {@code recorded}: the signal is already in the
     * store (written by a node that does not run the task), only to be delivered; {@code ack} may then be null.
     * {@code payloadJson} is the payload written as JSON, on the sender's thread rather than the loop's.
     */
    record Signal(
            UUID taskId,
            StoredTask stored,
            String step,
            com.fasterxml.jackson.databind.JsonNode payload,
            String payloadJson,
            boolean recorded,
            CompletableFuture<dev.tasker.engine.SignalResult> ack)
            implements Command {
        /** A signal recorded in the store by an engine that does not run the task, to deliver here. */
        public static Signal recorded(dev.tasker.engine.store.spi.SignalRow row) {
            return new Signal(
                    row.taskId(),
                    null,
                    row.stepName(),
                    dev.tasker.engine.internal.support.Json.read(row.payloadJson()),
                    row.payloadJson(),
                    true,
                    null);
        }
    }

    /**
     * The child task a sub-workflow step of {@code parentTaskId} started ended on another node (read from the
     * store after that node's nudge): the step, if it still waits for it here, ends with the child's result.
     */
    record ChildEnded(UUID parentTaskId, String step, StoredTask child) implements Command {}

    /** The clock moved (a manual clock) or a timer is due: look at the timers. */
    record Tick() implements Command {}

    /**
     * Finished tasks were deleted (retention, a purge): the identities of recently finished tasks the loop keeps
     * may name deleted tasks, so they are forgotten (the database answers for older duplicates).
     */
    record Purged() implements Command {}

    /** Start no new step (the engine is closing); running ones finish and are recorded. */
    record Drain() implements Command {}

    /**
     * This node was declared dead at {@code epoch} (its lease ran out): drop every task in memory and join
     * again. Ignored when the node has joined again since.
     */
    record Fenced(long epoch) implements Command {}

    /** Stop after this cycle. */
    record Stop() implements Command {}
}
