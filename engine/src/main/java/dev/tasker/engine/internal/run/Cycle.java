package dev.tasker.engine.internal.run;

import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group commit being built: the rows each task writes and what to do for it once they are
 * committed. Kept per task so that one task's writes can be taken out (a refused submit, a stale
 * row) and the rest committed without it.
 */
public final class Cycle {
    private static final Logger LOG = LoggerFactory.getLogger(Cycle.class);

    public final Instant now;
    final List<Command.Submit> submits = new ArrayList<>();
    /** The ids of the tasks submitted in this cycle (not committed until its commit). */
    final Set<java.util.UUID> newTasks = new java.util.HashSet<>();

    final Set<TaskRun> dirty = new LinkedHashSet<>();
    private final Map<TaskRun, Part> parts = new LinkedHashMap<>();
    private final List<Runnable> global = new ArrayList<>(1);
    /** An earlier cycle whose pipelined commit failed was put in front of this one: commit it on the loop. */
    boolean hasEarlier;

    /** The tasks submitted by the cycle whose commit is still under way (pipelined), or none. */
    Set<java.util.UUID> earlierNewTasks = Set.of();

    /** True when the task was submitted by this cycle or by the one still committing: it may not be stored. */
    boolean isNew(java.util.UUID taskId) {
        return newTasks.contains(taskId) || earlierNewTasks.contains(taskId);
    }

    /** Tasks queued for other nodes in this cycle (several engines on one database). */
    boolean signalWork;
    /** Tasks that settled in this cycle, for other nodes' awaiters. */
    final Set<java.util.UUID> settledSignals = new LinkedHashSet<>();
    /**
     * Tasks whose node is told, with this cycle's commit, to look at them: parents (in no memory here) of child
     * tasks that ended in this cycle.
     */
    final Set<java.util.UUID> nudges = new LinkedHashSet<>(0);
    /** Steps created in this cycle: the index of each one's insert row in its task's batch. */
    private final Map<StepRun, Integer> inserted = new IdentityHashMap<>();

    Cycle(Instant now) {
        this.now = now;
    }

    /** The batch this task's rows go into. */
    public WriteBatch writes(TaskRun task) {
        return part(task).batch;
    }

    /** Starts this task's part of the cycle with rows built elsewhere (a new task's inserts). */
    void adopt(TaskRun task, WriteBatch rows) {
        Part p = new Part(rows);
        parts.put(task, p);
    }

    /** Notes that the step's row is inserted by this cycle, at this index of its task's step inserts. */
    void inserted(StepRun step, int index) {
        inserted.put(step, index);
    }

    /**
     * Rewrites the insert row of a step created in this cycle (so that it is inserted as it is by the end
     * of the cycle, instead of inserted and then updated); false, changing nothing, when the step's row was
     * stored by an earlier cycle.
     */
    boolean rewriteInsert(StepRun step, UnaryOperator<StepRow> change) {
        Integer index = inserted.get(step);
        Part p = parts.get(step.task);
        if (index == null || p == null) {
            return false;
        }
        List<StepRow> rows = p.batch.stepInserts();
        rows.set(index, change.apply(rows.get(index)));
        return true;
    }

    /** Runs {@code action} after the commit whatever happens to single tasks. */
    void afterAll(Runnable action) {
        global.add(action);
    }

    /** Runs {@code action} after the commit, unless the task is taken out of this cycle. */
    public void after(TaskRun task, Runnable action) {
        part(task).after.add(action);
    }

    /**
     * Like {@link #after}, but run once every task's after-commit actions have run: a caller waiting for this
     * is told after the handlers the commit released have started (waking a platform thread costs the loop a
     * system call, which the next step's start need not wait for).
     */
    void acknowledge(TaskRun task, Runnable action) {
        part(task).acks.add(action);
    }

    void touch(TaskRun task) {
        dirty.add(task);
    }

    /** Takes a task's rows and after-commit actions out of this cycle. */
    void remove(TaskRun task) {
        parts.remove(task);
        dirty.remove(task);
    }

    /** The tasks whose rows are still to be committed, in the order they joined the cycle. */
    List<TaskRun> uncommittedTasks() {
        List<TaskRun> tasks = new ArrayList<>(parts.size());
        parts.forEach((t, p) -> {
            if (!p.committed) {
                tasks.add(t);
            }
        });
        return tasks;
    }

    /** A task's rows alone (the task must be in this cycle). */
    WriteBatch rowsOf(TaskRun task) {
        return parts.get(task).batch;
    }

    /** The task's rows were committed on their own: they leave the merged batch, its after-commit actions stay. */
    void committedAlone(TaskRun task) {
        Part p = parts.get(task);
        if (p != null) {
            p.committed = true;
        }
    }

    /** All tasks' rows in one batch (those committed alone left out). */
    WriteBatch merged() {
        if (parts.size() == 1 && !parts.values().iterator().next().committed) {
            return parts.values().iterator().next().batch;
        }
        WriteBatch all = new WriteBatch();
        for (Part p : parts.values()) {
            if (p.committed) {
                continue;
            }
            append(p.batch, all);
        }
        return all;
    }

    private static void append(WriteBatch b, WriteBatch all) {
        b.taskInserts().forEach(all::insertTask);
        b.stepInserts().forEach(all::insertStep);
        b.edgeInserts().forEach(all::insertEdge);
        b.taskUpdates().forEach(all::updateTask);
        b.stepUpdates().forEach(all::updateStep);
        b.checkpoints().forEach(all::upsertCheckpoint);
        b.taskTransitions().forEach(all::taskTransition);
        b.stepTransitions().forEach(all::stepTransition);
        b.dlqEntries().forEach(all::insertDlq);
        b.dlqResolutions().forEach(all::resolvePendingDlq);
        b.outbox().forEach(all::insertOutbox);
        b.signals().forEach(all::upsertSignal);
        b.links().forEach(all::insertLink);
        b.releases().forEach(all::releaseTask);
        b.waitingReasons().forEach(all::stepWaiting);
    }

    /**
     * Puts an earlier cycle, whose commit failed while this one was being built (a pipelined commit, see
     * {@link EngineLoop}), in front of this one: its rows go before this cycle's rows of the same task and its
     * after-commit actions before this cycle's, so that committing this cycle writes both in order, and the
     * usual failure handling sees the union.
     */
    void prepend(Cycle earlier) {
        Map<TaskRun, Part> both = new LinkedHashMap<>();
        earlier.parts.forEach((task, first) -> {
            Part later = parts.remove(task);
            if (later == null) {
                both.put(task, first);
                return;
            }
            WriteBatch rows = new WriteBatch();
            append(first.batch, rows);
            int shift = rows.stepInserts().size();
            append(later.batch, rows);
            Part p = new Part(rows);
            p.after.addAll(first.after);
            p.after.addAll(later.after);
            p.acks.addAll(first.acks);
            p.acks.addAll(later.acks);
            both.put(task, p);
            inserted.replaceAll((step, index) -> step.task == task ? index + shift : index);
        });
        both.putAll(parts);
        parts.clear();
        parts.putAll(both);
        dirty.addAll(earlier.dirty);
        submits.addAll(0, earlier.submits);
        newTasks.addAll(earlier.newTasks);
        settledSignals.addAll(earlier.settledSignals);
        nudges.addAll(earlier.nudges);
        signalWork |= earlier.signalWork;
        global.addAll(0, earlier.global);
    }

    /** Drops every task's rows and after-commit actions (this node was fenced out); the global ones stay. */
    void clearTasks() {
        parts.clear();
        dirty.clear();
        inserted.clear();
        submits.clear();
        newTasks.clear();
        settledSignals.clear();
        nudges.clear();
        signalWork = false;
    }

    void runAfterCommit() {
        boolean acks = false;
        for (Part p : parts.values()) {
            p.after.forEach(Cycle::runQuietly);
            acks |= !p.acks.isEmpty();
        }
        if (acks) {
            for (Part p : parts.values()) {
                p.acks.forEach(Cycle::runQuietly);
            }
        }
        global.forEach(Cycle::runQuietly);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("after-commit action failed", e);
        }
    }

    private Part part(TaskRun task) {
        return parts.computeIfAbsent(task, t -> new Part(new WriteBatch()));
    }

    private static final class Part {
        final WriteBatch batch;
        public final List<Runnable> after = new ArrayList<>(4);
        final List<Runnable> acks = new ArrayList<>(0);
        /** Committed in a transaction of its own (a refused batch was split to find the task at fault). */
        boolean committed;

        Part(WriteBatch batch) {
            this.batch = batch;
        }
    }
}
