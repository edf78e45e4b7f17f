package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A task and its steps at one moment.
 *
 * @param taskId the task's id
 * @param namespace its template namespace
 * @param name its template name
 * @param version its template version
 * @param state its state
 * @param context its input
 * @param priority its priority
 * @param correlationId its correlation id
 * @param createdAt when it was created
 * @param completedAt when it reached a terminal state, or null
 * @param steps its steps in creation order
 * @param edges its step graph, parent to child, ordered by child (in step order), then parent
 * @param parent the sub-workflow step that started this task, or null
 * @param children the tasks its sub-workflow steps started, oldest first
 * @param runAt when the task was to start, by the engine's clock ({@link TaskRequest#runAt(Instant)} or
 *     {@link TaskRequest#delay(java.time.Duration)}): while it is {@link TaskState#SCHEDULED} no step runs before then; null for
 *     a task that started when it was submitted
 */
public record TaskSnapshot(
        UUID taskId,
        String namespace,
        String name,
        String version,
        TaskState state,
        JsonNode context,
        int priority,
        String correlationId,
        Instant createdAt,
        @Nullable Instant completedAt,
        List<StepSnapshot> steps,
        List<StepEdge> edges,
        @Nullable TaskLink parent,
        List<TaskLink> children,
        @Nullable Instant runAt) {

    /** Copies the steps, edges and children. */
    public TaskSnapshot {
        steps = List.copyOf(steps);
        edges = List.copyOf(edges);
        children = List.copyOf(children);
    }

    /** A snapshot of a task that started when it was submitted (the components before {@code runAt} was added). */
    public TaskSnapshot(
            UUID taskId,
            String namespace,
            String name,
            String version,
            TaskState state,
            JsonNode context,
            int priority,
            String correlationId,
            Instant createdAt,
            @Nullable Instant completedAt,
            List<StepSnapshot> steps,
            List<StepEdge> edges,
            @Nullable TaskLink parent,
            List<TaskLink> children) {
        this(
                taskId,
                namespace,
                name,
                version,
                state,
                context,
                priority,
                correlationId,
                createdAt,
                completedAt,
                steps,
                edges,
                parent,
                children,
                null);
    }

    /** A snapshot of a task that is no sub-workflow's parent nor child. */
    public TaskSnapshot(
            UUID taskId,
            String namespace,
            String name,
            String version,
            TaskState state,
            JsonNode context,
            int priority,
            String correlationId,
            Instant createdAt,
            @Nullable Instant completedAt,
            List<StepSnapshot> steps,
            List<StepEdge> edges) {
        this(
                taskId,
                namespace,
                name,
                version,
                state,
                context,
                priority,
                correlationId,
                createdAt,
                completedAt,
                steps,
                edges,
                null,
                List.of());
    }

    /** The parent task's id when a sub-workflow step started this task, else null. */
    public @Nullable UUID parentTaskId() {
        return parent == null ? null : parent.parentTaskId();
    }

    /**
     * A snapshot without edges, as made before {@link #edges()} existed.
     *
     * @deprecated give the edges; this constructor stays for code that made snapshots itself
     */
    @Deprecated
    public TaskSnapshot(
            UUID taskId,
            String namespace,
            String name,
            String version,
            TaskState state,
            JsonNode context,
            int priority,
            String correlationId,
            Instant createdAt,
            @Nullable Instant completedAt,
            List<StepSnapshot> steps) {
        this(
                taskId,
                namespace,
                name,
                version,
                state,
                context,
                priority,
                correlationId,
                createdAt,
                completedAt,
                steps,
                List.of());
    }

    /**
     * The step with this name.
     *
     * @throws NoSuchElementException naming the steps the task has
     */
    public StepSnapshot step(String stepName) {
        for (StepSnapshot s : steps) {
            if (s.name().equals(stepName)) {
                return s;
            }
        }
        throw new NoSuchElementException("task " + taskId + " has no step '" + stepName + "'; it has "
                + steps.stream().map(StepSnapshot::name).toList());
    }

    /** True when the task is complete. */
    public boolean isComplete() {
        return state == TaskState.COMPLETE;
    }
}
