package dev.tasker.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * How many step attempts ended in one minute, as {@link TaskerOperations#stepActivity} counts them from the audit.
 *
 * @param minute the start of the minute (UTC)
 * @param completed steps that moved to {@code complete}
 * @param failed attempts that failed: steps that moved to {@code waiting_for_retry} or {@code error}
 */
public record StepActivity(Instant minute, long completed, long failed) {
    /** Checks the minute. */
    public StepActivity {
        Objects.requireNonNull(minute, "minute");
    }
}
