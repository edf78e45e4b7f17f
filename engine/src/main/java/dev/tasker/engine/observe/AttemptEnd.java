package dev.tasker.engine.observe;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a step attempt ended.
 *
 * @param outcome the outcome
 * @param duration from the attempt's start until the engine recorded its end
 * @param errorType the failure's type ({@code retryable_error}, {@code permanent_error}, {@code handler_error},
 *     {@code timeout}), or null when it did not fail
 * @param errorMessage the failure's message, or null
 * @param exception what the handler threw, or null (a returned failure, a timeout, a success)
 */
public record AttemptEnd(
        AttemptOutcome outcome,
        Duration duration,
        @Nullable String errorType,
        @Nullable String errorMessage,
        @Nullable Throwable exception) {
    /** Checks the required parts. */
    public AttemptEnd {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
    }
}
