package dev.tasker.engine.observe;

import java.time.Duration;
import java.util.Objects;

/**
 * A task that finished, or blocked on failures.
 *
 * @param task the task
 * @param state its state's wire name: {@code complete}, {@code error}, {@code cancelled},
 *     {@code resolved_manually} or {@code blocked_by_failures}
 * @param duration from its submit until then (restarts included)
 */
public record TaskEnd(TaskInfo task, String state, Duration duration) {
    /** Checks the required parts. */
    public TaskEnd {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(duration, "duration");
    }
}
