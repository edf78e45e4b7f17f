package dev.tasker.engine;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A line of a task list: the task without its context, results or graph, and how many of its steps are in each
 * state. Cheaper to list than {@link TaskSnapshot}s ({@link TaskerOperations#taskSummaries}).
 *
 * @param taskId the task's id
 * @param namespace its template namespace
 * @param name its template name
 * @param version its template version
 * @param state its state
 * @param priority its priority
 * @param correlationId its correlation id
 * @param createdAt when it was created
 * @param completedAt when it reached a terminal state, or null
 * @param steps how many of its steps are in each state (states without steps absent)
 */
public record TaskSummary(
        UUID taskId,
        String namespace,
        String name,
        String version,
        TaskState state,
        int priority,
        String correlationId,
        Instant createdAt,
        @Nullable Instant completedAt,
        Map<StepState, Integer> steps) {
    /** Checks the parts and copies the counts. */
    public TaskSummary {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        EnumMap<StepState, Integer> copy = new EnumMap<>(StepState.class);
        copy.putAll(steps);
        steps = Collections.unmodifiableMap(copy);
    }

    /** The summary of a snapshot. */
    public static TaskSummary of(TaskSnapshot t) {
        EnumMap<StepState, Integer> counts = new EnumMap<>(StepState.class);
        for (StepSnapshot s : t.steps()) {
            counts.merge(s.state(), 1, Integer::sum);
        }
        return new TaskSummary(
                t.taskId(),
                t.namespace(),
                t.name(),
                t.version(),
                t.state(),
                t.priority(),
                t.correlationId(),
                t.createdAt(),
                t.completedAt(),
                counts);
    }
}
