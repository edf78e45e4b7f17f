package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.template.FailureStrategy;
import dev.tasker.engine.template.StepDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One step of a live task, in memory. Owned by the engine loop thread: only that thread reads or
 * writes the mutable fields (handler threads get an immutable {@link EngineStepContext}).
 */
public final class StepRun {
    public final UUID id;
    public final String name;
    final String templateStepName;
    public final StepDefinition definition;
    public final TaskRun task;
    final ObjectNode inputs;
    final Instant createdAt;
    final List<StepRun> parents = new ArrayList<>(2);
    final List<StepRun> children = new ArrayList<>(2);

    StepState state;
    int attempts;
    int unmetParents;
    Instant lastAttemptedAt;
    Instant nextAttemptAt;
    Instant completedAt;
    public JsonNode result;
    JsonNode error;
    JsonNode checkpoint;
    /** Counts launches (a checkpoint-yield relaunches within one attempt); stale outcomes are told apart by it. */
    long invocation;

    Future<?> execution;
    /**
     * The handler invocation whose thread has not returned yet, or null. It outlives {@link #execution}:
     * an attempt interrupted at its timeout (or cancelled) keeps it until the handler really returns, and
     * until then no other attempt of this step starts and the task does not settle.
     */
    StepExecution handler;
    /** The invocation {@link #handler} runs. */
    long handlerInvocation;
    /** {@link #handler} passed its timeout and was interrupted, and has not returned yet. */
    boolean handlerStuck;
    /** Ready to run again, but held back until {@link #handler} returns. */
    boolean awaitingHandler;

    AtomicBoolean cancelFlag;
    /** The cap of the batch this worker belongs to ({@code batch_config.parallelism}), or null. */
    TemplateGate batchGate;
    /** A worker's permanent failure that its batch tolerates (continue_on_failure): it satisfies dependents. */
    boolean tolerated;
    /** Insertion order in the ready queue, for FIFO among equal priorities. */
    long readySeq;

    boolean queued;
    /** Why a ready step does not start (a per-key limit), for the snapshot; null when nothing holds it back. */
    String waitingReason;
    /** The waiting reason its stored row carries ({@link WaitingReasons}), or null. */
    String storedReason;
    /** The limit buckets this running step holds a slot of, or null. */
    KeyLimits.Plan limitPlan;
    /** When it was last queued as ready (only kept while an instrumentation watches), or null. */
    Instant readyAt;
    /** The instrumentations' view of the attempt under way, or null (none registered, or none under way). */
    Observers.Attempt observed;
    /** What the handler of the attempt just ended threw, read when its failure is recorded; or null. */
    Throwable thrown;

    /** The signal this step waits for (template {@code extensions.signals}), or null. */
    final dev.tasker.engine.template.SignalWait signalWait;
    /** The child task this step runs (template {@code extensions.sub_workflows}), or null. */
    final dev.tasker.engine.template.SubWorkflow subWorkflow;
    /**
     * In progress without a handler and without a slot: it waits for its signal or its child task (a timer
     * for its timeout at most). Costs no thread.
     */
    boolean waiting;
    /** The signal received for this step (kept to answer duplicates), or null. */
    JsonNode signal;
    /** {@link #signal} as JSON when the sender wrote it, or null. */
    String signalJson;
    /** When {@link #signal} was received. */
    Instant signalReceivedAt;
    /** {@link #signal} completed the step (a later reset waits for a new one... which is then a duplicate). */
    boolean signalDelivered;
    /**
     * {@link #signal} has a row in {@code tasker_signals} (it came before the step was reached, or from another
     * node), to be marked delivered; a signal delivered straight to the waiting step has none: the step's result
     * (with {@code signal_received_at} in its metadata) is its record.
     */
    boolean signalStored;
    /** The child task a sub-workflow step started, or null. */
    UUID childTaskId;

    private FailureStrategy strategy;
    private boolean strategyRead;

    StepRun(
            UUID id,
            String name,
            String templateStepName,
            StepDefinition definition,
            TaskRun task,
            ObjectNode inputs,
            Instant createdAt) {
        this.id = id;
        this.name = name;
        this.templateStepName = templateStepName;
        this.definition = definition;
        this.task = task;
        this.inputs = inputs;
        this.createdAt = createdAt;
        this.state = StepState.PENDING;
        var extensions = task.template.extensions();
        this.signalWait = extensions.signals().get(templateStepName);
        this.subWorkflow = extensions.subWorkflows().get(templateStepName);
    }

    /** A step whose handler is not called: it waits for a signal or a child task. */
    boolean waits() {
        return signalWait != null || subWorkflow != null;
    }

    /** The batch failure strategy of a worker, or null for other steps (read from its inputs once). */
    FailureStrategy failureStrategy() {
        if (!strategyRead) {
            JsonNode meta = inputs.get("batch_metadata");
            String text = meta == null ? null : meta.path("failure_strategy").asText(null);
            strategy = text == null ? null : FailureStrategy.fromYaml(text);
            strategyRead = true;
        }
        return strategy;
    }

    /** The batchable step that created this worker, or null. */
    String batchableStep() {
        JsonNode meta = inputs.get("batch_metadata");
        return meta == null ? null : meta.path("batchable_step").asText(null);
    }

    /** True when dependents may run after this step. */
    boolean satisfiesDependents() {
        return state.satisfiesDependents() || (state == StepState.ERROR && tolerated);
    }

    int maxAttempts() {
        return definition.retry().effectiveMaxAttempts();
    }

    /** Pending (or waiting for retry with its time come) and every parent satisfied. */
    boolean isRunnable(Instant now) {
        if (unmetParents > 0 || task.state == dev.tasker.engine.TaskState.SCHEDULED) {
            return false;
        }
        return state == StepState.PENDING
                || (state == StepState.WAITING_FOR_RETRY && (nextAttemptAt == null || !nextAttemptAt.isAfter(now)));
    }

    StepSnapshot snapshot() {
        return new StepSnapshot(
                id,
                name,
                templateStepName,
                state,
                attempts,
                maxAttempts(),
                result,
                error,
                lastAttemptedAt,
                nextAttemptAt,
                completedAt,
                KeyLimits.waiting(this)
                        ? waitingReason
                        : waiting && state == dev.tasker.engine.StepState.IN_PROGRESS ? storedReason : null);
    }

    @Override
    public String toString() {
        return task.id + "/" + name;
    }
}
