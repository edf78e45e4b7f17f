package dev.tasker.engine.store.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one group commit: everything here is applied in ONE transaction, in this order —
 * task inserts, step inserts, edge inserts, task updates, step updates (with the results they record),
 * checkpoint upserts, task transitions, step transitions, DLQ entries, DLQ resolutions, outbox rows (then signals,
 * links, releases and waiting reasons) — each kind in list order (so two updates of the same
 * step apply in the order they were added). Not thread-safe: built and applied by the writer thread.
 */
public final class WriteBatch {
    private final List<TaskRow> taskInserts = new ArrayList<>();
    private final List<StepRow> stepInserts = new ArrayList<>();
    private final List<EdgeRow> edgeInserts = new ArrayList<>();
    private final List<TaskUpdate> taskUpdates = new ArrayList<>();
    private final List<StepUpdate> stepUpdates = new ArrayList<>();
    private final List<CheckpointRow> checkpoints = new ArrayList<>();
    private final List<TaskTransitionRow> taskTransitions = new ArrayList<>();
    private final List<StepTransitionRow> stepTransitions = new ArrayList<>();
    private final List<DlqEntryRow> dlqEntries = new ArrayList<>();
    private final List<DlqResolution> dlqResolutions = new ArrayList<>();
    private final List<OutboxRow> outbox = new ArrayList<>();
    private final List<SignalRow> signals = new ArrayList<>();
    private final List<TaskLinkRow> links = new ArrayList<>();
    private final java.util.Set<java.util.UUID> settledSignals = new java.util.LinkedHashSet<>();
    private final List<java.util.UUID> releases = new ArrayList<>();
    /** Made when first used: most batches have none (only steps that wait write one). */
    private List<WaitingReason> waitingReasons;
    /** Made when first used: most batches have none. */
    private java.util.Set<java.util.UUID> nudges;

    private boolean workSignal;
    private Fence fence;

    /**
     * The writer's node and epoch, checked (and held) before anything is written when several nodes share
     * the database: a node declared dead writes nothing more ({@link dev.tasker.engine.store.FencedException}).
     */
    public record Fence(String nodeId, long epoch) {}

    /** Adds a new task row. */
    public WriteBatch insertTask(TaskRow row) {
        taskInserts.add(row);
        return this;
    }

    /** Adds a new step row. */
    public WriteBatch insertStep(StepRow row) {
        stepInserts.add(row);
        return this;
    }

    /** Adds a new edge (a duplicate of a stored edge is ignored by the store). */
    public WriteBatch insertEdge(EdgeRow row) {
        edgeInserts.add(row);
        return this;
    }

    /** Adds a guarded task update. */
    public WriteBatch updateTask(TaskUpdate update) {
        taskUpdates.add(update);
        return this;
    }

    /** Adds a guarded step update. */
    public WriteBatch updateStep(StepUpdate update) {
        stepUpdates.add(update);
        return this;
    }

    /** Inserts or replaces the step's checkpoint. */
    public WriteBatch upsertCheckpoint(CheckpointRow row) {
        checkpoints.add(row);
        return this;
    }

    /** Appends a task transition to the audit. */
    public WriteBatch taskTransition(TaskTransitionRow row) {
        taskTransitions.add(row);
        return this;
    }

    /** Appends a step transition to the audit. */
    public WriteBatch stepTransition(StepTransitionRow row) {
        stepTransitions.add(row);
        return this;
    }

    /** Adds a dead-letter-queue entry (replacing the task's pending one, if any). */
    public WriteBatch insertDlq(DlqEntryRow row) {
        dlqEntries.add(row);
        return this;
    }

    /** Resolves the task's pending DLQ entry, if it has one (after this batch's DLQ entries). */
    public WriteBatch resolvePendingDlq(DlqResolution resolution) {
        dlqResolutions.add(resolution);
        return this;
    }

    /** Adds a durable event to the outbox. */
    public WriteBatch insertOutbox(OutboxRow row) {
        outbox.add(row);
        return this;
    }

    /** Writes a step's signal (inserted, or replaced: delivered now). */
    public WriteBatch upsertSignal(SignalRow row) {
        signals.add(row);
        return this;
    }

    /** Links a child task to the parent step that started it (with the child's insert). */
    public WriteBatch insertLink(TaskLinkRow row) {
        links.add(row);
        return this;
    }

    /**
     * Why a step waits (a signal, a child task, a per-key limit), or null once it no longer does: written on the
     * step row ({@link StepRow#waitingReason()}) after the step rows and updates of the batch, unguarded (it is no
     * state change, and the step's own state says whether it still waits). Only steps that wait write it.
     */
    public record WaitingReason(java.util.UUID taskId, java.util.UUID stepId, String reason) {
        /** Checks the ids. */
        public WaitingReason {
            java.util.Objects.requireNonNull(taskId, "taskId");
            java.util.Objects.requireNonNull(stepId, "stepId");
        }
    }

    /** Records why a step waits now, or (reason null) that it no longer does. */
    public WriteBatch stepWaiting(WaitingReason row) {
        if (waitingReasons == null) {
            waitingReasons = new ArrayList<>(2);
        }
        waitingReasons.add(row);
        return this;
    }

    /** The waiting reasons to write, in order. */
    public List<WaitingReason> waitingReasons() {
        return waitingReasons == null ? List.of() : waitingReasons;
    }

    /**
     * Tells the node that runs this task, once committed, to look at what was recorded for it (as
     * {@link NodeRegistry#nudge}, but in the batch's transaction): a child task of one of its sub-workflow steps
     * ended on this node.
     */
    public WriteBatch nudge(java.util.UUID taskId) {
        if (nudges == null) {
            nudges = new java.util.LinkedHashSet<>(2);
        }
        nudges.add(taskId);
        return this;
    }

    /** The tasks whose nodes the batch nudges. */
    public java.util.Set<java.util.UUID> nudges() {
        return nudges == null ? java.util.Set.of() : nudges;
    }

    /** The signals to write. */
    public List<SignalRow> signals() {
        return signals;
    }

    /** The parent links to insert. */
    public List<TaskLinkRow> links() {
        return links;
    }

    /** Makes the batch conditional on the writer still being {@code nodeId} at {@code epoch}. */
    public WriteBatch fence(String nodeId, long epoch) {
        this.fence = new Fence(nodeId, epoch);
        return this;
    }

    /** The fence, or null when the database has one engine. */
    public Fence fence() {
        return fence;
    }

    /**
     * Puts a task back in the queue of tasks no node owns ({@code node_id} NULL), e.g. a task blocked by
     * failures that waits for an operator, which may act on it from any node.
     */
    public WriteBatch releaseTask(java.util.UUID taskId) {
        releases.add(taskId);
        return this;
    }

    /** The tasks the batch puts back in the queue. */
    public List<java.util.UUID> releases() {
        return releases;
    }

    /** Tells the other nodes, once committed, that tasks were queued for whoever has room. */
    public WriteBatch signalWork() {
        this.workSignal = true;
        return this;
    }

    /** Whether the batch signals queued work. */
    public boolean workSignal() {
        return workSignal;
    }

    /** Tells the other nodes, once committed, that this task settled (for their awaiters). */
    public WriteBatch signalSettled(java.util.UUID taskId) {
        settledSignals.add(taskId);
        return this;
    }

    /** The tasks whose settling the batch signals. */
    public java.util.Set<java.util.UUID> settledSignals() {
        return settledSignals;
    }

    /** True when there is nothing to write. */
    public boolean isEmpty() {
        return taskInserts.isEmpty()
                && stepInserts.isEmpty()
                && edgeInserts.isEmpty()
                && taskUpdates.isEmpty()
                && stepUpdates.isEmpty()
                && checkpoints.isEmpty()
                && taskTransitions.isEmpty()
                && stepTransitions.isEmpty()
                && dlqEntries.isEmpty()
                && dlqResolutions.isEmpty()
                && outbox.isEmpty()
                && signals.isEmpty()
                && links.isEmpty()
                && releases.isEmpty()
                && waitingReasons == null;
    }

    /** The number of rows this batch writes (for metrics and logs). */
    public int size() {
        return taskInserts.size()
                + stepInserts.size()
                + edgeInserts.size()
                + taskUpdates.size()
                + stepUpdates.size()
                + checkpoints.size()
                + taskTransitions.size()
                + stepTransitions.size()
                + dlqEntries.size()
                + dlqResolutions.size()
                + outbox.size()
                + signals.size()
                + links.size()
                + (waitingReasons == null ? 0 : waitingReasons.size());
    }

    /** @return the task inserts, in order */
    public List<TaskRow> taskInserts() {
        return taskInserts;
    }

    /** @return the step inserts, in order */
    public List<StepRow> stepInserts() {
        return stepInserts;
    }

    /** @return the edge inserts, in order */
    public List<EdgeRow> edgeInserts() {
        return edgeInserts;
    }

    /** @return the task updates, in order */
    public List<TaskUpdate> taskUpdates() {
        return taskUpdates;
    }

    /** @return the step updates, in order */
    public List<StepUpdate> stepUpdates() {
        return stepUpdates;
    }

    /** @return the checkpoint upserts, in order */
    public List<CheckpointRow> checkpoints() {
        return checkpoints;
    }

    /** @return the task transitions, in order */
    public List<TaskTransitionRow> taskTransitions() {
        return taskTransitions;
    }

    /** @return the DLQ entries, in order */
    public List<DlqEntryRow> dlqEntries() {
        return dlqEntries;
    }

    /** @return the DLQ resolutions, in order */
    public List<DlqResolution> dlqResolutions() {
        return dlqResolutions;
    }

    /** @return the outbox rows, in order */
    public List<OutboxRow> outbox() {
        return outbox;
    }

    /** @return the step transitions, in order */
    public List<StepTransitionRow> stepTransitions() {
        return stepTransitions;
    }
}
