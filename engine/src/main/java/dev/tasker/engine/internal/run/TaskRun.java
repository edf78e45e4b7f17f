package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.StepEdge;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.engine.template.TaskTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A live task in memory: its steps, the counters that make evaluation O(1), and the future awaiters
 * wait on. Owned by the engine loop thread, except {@link #settled}, which other threads read.
 */
public final class TaskRun {
    public final UUID id;
    /** The {@code Scheduler.evaluateDirty} call that last evaluated this task (loop thread only). */
    long evaluatedIn;

    public final TaskTemplate template;
    /** The task-scope limit buckets this task holds a slot of (started, not ended). */
    final java.util.List<KeyLimits.Bucket> limitHolds = new java.util.ArrayList<>(0);

    final JsonNode context;
    final int priority;
    public final String correlationId;
    final Instant createdAt;
    final TemplateGate gate;
    /** The dedup key, or null for an always-unique task. */
    final String identityHash;

    final Map<String, StepRun> steps = new LinkedHashMap<>();

    /** The propagation context stored with the task at submit (an instrumentation's), or null. */
    String propagation;

    private dev.tasker.engine.observe.TaskInfo info;

    /** A new task's insert rows, handed to the loop with the submit (null once adopted). */
    WriteBatch initialRows;

    TaskState state = TaskState.PENDING;
    /** When a delayed task may start (engine clock), or null; it waits in {@code scheduled} until then. */
    Instant runAt;

    Instant completedAt;
    /** A step failed permanently: start nothing new (fail-fast). */
    boolean failFast;
    /** Dropped from memory (cancelled, finished, or reloaded after a conflict); queued steps are skipped. */
    boolean evicted;
    /** Submitted through this engine (its awaiters are here); a task claimed from the queue signals its settling. */
    boolean submittedHere;
    /** The last change of the task or any of its steps (staleness is measured from it). */
    Instant lastProgressAt;
    /** A pending DLQ entry was written for the current blocked or stale episode. */
    boolean inDlq;
    /**
     * The last operator repair of this task while in memory ({@code "retry_task by alice"}), or null: when the
     * task then completes, its pending DLQ entry resolves with this as the note.
     */
    String lastRepair;
    /** Who made {@link #lastRepair}. */
    String repairedBy;
    /**
     * Loaded from the store (a restart, a claim): a repair may have been made where this engine could not see
     * it (an operator client, another node), so completing resolves a pending DLQ entry if there is one.
     */
    boolean rebuilt;

    /** The sub-workflow step that started this task, or null. */
    dev.tasker.engine.TaskLink parent;

    int running;
    /** Steps in progress that wait for a signal or a child task (no handler, no slot). */
    int waitingSteps;
    /** Handler threads of this task that have not returned yet (some may belong to finished attempts). */
    int handlersAlive;

    int satisfied;
    int errors;
    int tolerated;
    int waitingForRetry;
    int queued;
    volatile CompletableFuture<TaskSnapshot> settled = new CompletableFuture<>();

    TaskRun(
            UUID id,
            TaskTemplate template,
            JsonNode context,
            int priority,
            String correlationId,
            Instant createdAt,
            TemplateGate gate,
            String identityHash) {
        this.identityHash = identityHash;
        this.id = id;
        this.template = template;
        this.context = context;
        this.priority = priority;
        this.correlationId = correlationId;
        this.createdAt = createdAt;
        this.gate = gate;
        this.lastProgressAt = createdAt;
    }

    void add(StepRun step) {
        steps.put(step.name, step);
    }

    /** Changes a step's state, keeping the counters right. */
    void setState(StepRun step, StepState to) {
        count(step, step.state, -1);
        step.state = to;
        count(step, to, +1);
    }

    /** Counts a step that was created (or loaded) in its current state. */
    void countInitial(StepRun step) {
        count(step, step.state, +1);
    }

    private void count(StepRun step, StepState s, int delta) {
        switch (s) {
            case COMPLETE, RESOLVED_MANUALLY -> satisfied += delta;
            case ERROR -> {
                if (step.tolerated) {
                    tolerated += delta;
                } else {
                    errors += delta;
                }
            }
            case WAITING_FOR_RETRY -> waitingForRetry += delta;
            case IN_PROGRESS -> running += delta;
            default -> {}
        }
    }

    /**
     * The state the counters call for (reference §3.9, with fail-fast). A failure blocks the task at once
     * unless it is a batch worker's under {@code isolate} (siblings go on; the task blocks when nothing else
     * can run) or {@code continue_on_failure} (tolerated: it counts as done).
     */
    TaskState evaluate() {
        if (errors > 0 && failFast) {
            return TaskState.BLOCKED_BY_FAILURES;
        }
        if (satisfied + tolerated == steps.size()) {
            return TaskState.COMPLETE;
        }
        if (running > 0 || queued > 0) {
            return TaskState.STEPS_IN_PROCESS;
        }
        if (waitingForRetry > 0) {
            // Before the isolated failures: a sibling's retry can still run. Blocked, the task would leave a
            // shared node's memory (blocked tasks wait unowned for an operator) and that retry would never fire.
            return TaskState.WAITING_FOR_RETRY;
        }
        if (errors > 0) {
            return TaskState.BLOCKED_BY_FAILURES; // isolated batch failures wait for an operator
        }
        return TaskState.WAITING_FOR_DEPENDENCIES;
    }

    /** True when awaiters should be answered: terminal, or blocked with nothing left running. */
    boolean isSettled() {
        return handlersAlive == 0 && (state.isTerminal() || (state == TaskState.BLOCKED_BY_FAILURES && running == 0));
    }

    /** The task as instrumentations see it (made once, with the template's shared reference). */
    dev.tasker.engine.observe.TaskInfo info(Observers observers) {
        if (info == null) {
            info = new dev.tasker.engine.observe.TaskInfo(id, observers.ref(template), createdAt, propagation);
        }
        return info;
    }

    String templateKey() {
        return template.namespace() + "/" + template.name() + "/" + template.version();
    }

    TaskSnapshot snapshot() {
        List<StepSnapshot> list = new ArrayList<>(steps.size());
        Map<StepRun, Integer> order = new java.util.IdentityHashMap<>();
        for (StepRun s : steps.values()) {
            order.put(s, list.size());
            list.add(s.snapshot());
        }
        List<StepEdge> edges = new ArrayList<>();
        for (StepRun s : steps.values()) {
            s.parents.stream()
                    .sorted(java.util.Comparator.comparing(p -> order.getOrDefault(p, Integer.MAX_VALUE)))
                    .forEach(p -> edges.add(new StepEdge(p.name, s.name)));
        }
        return new TaskSnapshot(
                id,
                template.namespace(),
                template.name(),
                template.version(),
                state,
                context,
                priority,
                correlationId,
                createdAt,
                completedAt,
                list,
                edges,
                parent,
                children(),
                runAt);
    }

    /** The tasks its sub-workflow steps started, in step order. */
    List<dev.tasker.engine.TaskLink> children() {
        List<dev.tasker.engine.TaskLink> out = new ArrayList<>();
        for (StepRun s : steps.values()) {
            if (s.childTaskId != null) {
                out.add(new dev.tasker.engine.TaskLink(id, s.name, s.childTaskId));
            }
        }
        return out;
    }
}
