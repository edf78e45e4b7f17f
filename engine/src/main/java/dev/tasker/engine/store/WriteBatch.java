package dev.tasker.engine.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one group commit: everything here is applied in ONE transaction, in this order —
 * task inserts, step inserts, edge inserts, task updates, step updates (with the results they record),
 * checkpoint upserts, task transitions, step transitions, DLQ entries, outbox rows — each kind in list order (so two updates of the same
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
    private final List<OutboxRow> outbox = new ArrayList<>();

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

    /** Adds a durable event to the outbox. */
    public WriteBatch insertOutbox(OutboxRow row) {
        outbox.add(row);
        return this;
    }

    /** True when there is nothing to write. */
    public boolean isEmpty() {
        return taskInserts.isEmpty() && stepInserts.isEmpty() && edgeInserts.isEmpty() && taskUpdates.isEmpty()
                && stepUpdates.isEmpty() && checkpoints.isEmpty()
                && taskTransitions.isEmpty() && stepTransitions.isEmpty() && dlqEntries.isEmpty() && outbox.isEmpty();
    }

    /** The number of rows this batch writes (for metrics and logs). */
    public int size() {
        return taskInserts.size() + stepInserts.size() + edgeInserts.size() + taskUpdates.size()
                + stepUpdates.size() + checkpoints.size() + taskTransitions.size()
                + stepTransitions.size() + dlqEntries.size() + outbox.size();
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

    /** @return the outbox rows, in order */
    public List<OutboxRow> outbox() {
        return outbox;
    }

    /** @return the step transitions, in order */
    public List<StepTransitionRow> stepTransitions() {
        return stepTransitions;
    }
}
