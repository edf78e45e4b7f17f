package dev.tasker.engine.template;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The template's {@code lifecycle} block: staleness thresholds (reference §1.7). Null fields take
 * the engine's defaults.
 *
 * @param maxWaitingForDependenciesMinutes minutes a task may wait for dependencies
 * @param maxWaitingForRetryMinutes        minutes a task may wait for a retry
 * @param maxStepsInProcessMinutes         minutes a step may stay in process
 * @param maxDurationMinutes               minutes a task may live
 * @param stalenessAction                  one of {@link #STALENESS_ACTIONS}
 * @param autoFailOnTimeout                whether a stale task fails
 * @param autoDlqOnTimeout                 whether a stale task gets a DLQ entry
 */
public record LifecycleConfig(
        @Nullable Integer maxWaitingForDependenciesMinutes,
        @Nullable Integer maxWaitingForRetryMinutes,
        @Nullable Integer maxStepsInProcessMinutes,
        @Nullable Integer maxDurationMinutes,
        @Nullable String stalenessAction,
        @Nullable Boolean autoFailOnTimeout,
        @Nullable Boolean autoDlqOnTimeout) {

    /** The valid values of {@code staleness_action}. */
    public static final List<String> STALENESS_ACTIONS = List.of("dlq", "error", "none");

    /** Validates that every threshold given is at least one minute and the action is known. */
    public LifecycleConfig {
        Nodes.requirePositive(maxWaitingForDependenciesMinutes, "max_waiting_for_dependencies_minutes");
        Nodes.requirePositive(maxWaitingForRetryMinutes, "max_waiting_for_retry_minutes");
        Nodes.requirePositive(maxStepsInProcessMinutes, "max_steps_in_process_minutes");
        Nodes.requirePositive(maxDurationMinutes, "max_duration_minutes");
        if (stalenessAction != null && !STALENESS_ACTIONS.contains(stalenessAction)) {
            throw new IllegalArgumentException("invalid staleness_action '" + stalenessAction + "'; expected one of: "
                    + String.join(", ", STALENESS_ACTIONS));
        }
    }
}
