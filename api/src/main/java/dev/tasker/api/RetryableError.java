package dev.tasker.api;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler when the attempt failed for a transient reason.
 * The step is retried if its template allows it and attempts remain. An optional {@code retryAfter}
 * (say, from a rate limiter's Retry-After header) replaces the computed backoff, still capped by the
 * step's {@code max_backoff_ms}.
 */
public class RetryableError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable Duration retryAfter;
    private final @Nullable String errorCode;

    /** @param message what went wrong */
    public RetryableError(String message) {
        this(message, null, null, null);
    }

    /** @param message what went wrong; @param cause the underlying exception */
    public RetryableError(String message, @Nullable Throwable cause) {
        this(message, null, null, cause);
    }

    /** @param message what went wrong; @param retryAfter the delay the caller asks for (may be null) */
    public RetryableError(String message, @Nullable Duration retryAfter) {
        this(message, retryAfter, null, null);
    }

    /**
     * @param message what went wrong
     * @param retryAfter the delay before the next attempt, replacing the computed backoff (may be null)
     * @param errorCode an application code stored with the failure (may be null)
     * @param cause the underlying exception (may be null)
     */
    public RetryableError(
            String message, @Nullable Duration retryAfter, @Nullable String errorCode, @Nullable Throwable cause) {
        super(message, cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
        this.errorCode = errorCode;
    }

    /** The requested delay before the next attempt, or {@code null} to use the step's backoff. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** The application error code, or {@code null}. */
    public @Nullable String errorCode() {
        return errorCode;
    }
}
