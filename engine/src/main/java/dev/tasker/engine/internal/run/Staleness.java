package dev.tasker.engine.internal.run;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.template.LifecycleConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * When a task is stale (SPEC §3 staleness, reference §3.12): it has made no progress for longer than
 * its state allows (template {@code lifecycle}, else the engine defaults), or it is older than its
 * maximum duration. "Progress" is any state change of the task or of one of its steps — a deliberate
 * refinement of the reference, which times the task state alone, so that a long task that keeps
 * finishing steps is not called stuck, and a task waiting for a retry is timed from when the retry
 * was due, so a long backoff is not called stuck either.
 *
 * @param stepsInProcess default for {@code max_steps_in_process_minutes}
 * @param waitingForRetry default for {@code max_waiting_for_retry_minutes}
 * @param waitingForDependencies default for {@code max_waiting_for_dependencies_minutes}
 * @param maxDuration default for {@code max_duration_minutes}
 * @param checkEvery how often the sweep runs (engine clock)
 */
public record Staleness(
        Duration stepsInProcess,
        Duration waitingForRetry,
        Duration waitingForDependencies,
        Duration maxDuration,
        Duration checkEvery) {

    /** The reference's defaults: 30, 30 and 60 minutes, 24 hours; swept every minute. */
    public static final Staleness DEFAULTS = new Staleness(
            Duration.ofMinutes(30),
            Duration.ofMinutes(30),
            Duration.ofMinutes(60),
            Duration.ofHours(24),
            Duration.ofMinutes(1));

    /** Why the task is stale now, or null when it is not. */
    String reasonIfStale(TaskRun t, Instant now) {
        if (t.state == TaskState.SCHEDULED) {
            return null; // waits for its start time, which is no lack of progress
        }
        LifecycleConfig lc = t.template.lifecycle();
        boolean waits = t.waitingSteps > 0;
        // A template with steps that wait for a signal or a child task (each bounded by its own timeout, if any):
        // only a maximum duration the template sets itself applies, not the engine's default; and no in-process
        // limit while a step waits.
        boolean waitingTemplate = t.template.extensions().hasWaitingSteps();
        Duration max = waitingTemplate && (lc == null || lc.maxDurationMinutes() == null)
                ? null
                : minutes(lc == null ? null : lc.maxDurationMinutes(), maxDuration);
        // A delayed task's duration counts from its start time, not from its submission.
        Instant began = t.runAt != null && t.runAt.isAfter(t.createdAt) ? t.runAt : t.createdAt;
        if (max != null && Duration.between(began, now).compareTo(max) > 0) {
            return "the task is older than its maximum duration of " + max.toMinutes() + " min";
        }
        Duration limit = switch (t.state) {
            case STEPS_IN_PROCESS -> minutes(lc == null ? null : lc.maxStepsInProcessMinutes(), stepsInProcess);
            case WAITING_FOR_RETRY -> minutes(lc == null ? null : lc.maxWaitingForRetryMinutes(), waitingForRetry);
            case WAITING_FOR_DEPENDENCIES ->
                minutes(lc == null ? null : lc.maxWaitingForDependenciesMinutes(), waitingForDependencies);
            default -> null;
        };
        if (limit != null && !waits && Duration.between(since(t), now).compareTo(limit) > 0) {
            return "no progress for more than " + limit.toMinutes() + " min in " + t.state.wireName();
        }
        return null;
    }

    /**
     * When the task last progressed, or — while it waits for a retry — when its earliest retry was due, so
     * that a long backoff is not mistaken for being stuck.
     */
    private static Instant since(TaskRun t) {
        Instant since = t.lastProgressAt;
        if (t.state == TaskState.WAITING_FOR_RETRY) {
            Instant due = t.steps.values().stream()
                    .filter(s -> s.state == StepState.WAITING_FOR_RETRY)
                    .map(s -> s.nextAttemptAt)
                    .filter(java.util.Objects::nonNull)
                    .min(Instant::compareTo)
                    .orElse(since);
            since = due.isAfter(since) ? due : since;
        }
        return since;
    }

    private static Duration minutes(Integer value, Duration fallback) {
        return value == null ? fallback : Duration.ofMinutes(value);
    }
}
