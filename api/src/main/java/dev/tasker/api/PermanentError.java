package dev.tasker.api;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler when the step cannot succeed however often it is retried.
 * The step moves to {@code error} at once and the task stops starting new steps (fail-fast).
 */
public class PermanentError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String errorCode;

    /** @param message what went wrong, shown to operators */
    public PermanentError(String message) {
        this(message, null, null);
    }

    /** @param message what went wrong; @param cause the underlying exception */
    public PermanentError(String message, @Nullable Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message what went wrong
     * @param errorCode an application code stored with the failure (may be null)
     * @param cause the underlying exception (may be null)
     */
    public PermanentError(String message, @Nullable String errorCode, @Nullable Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The application error code, or {@code null}. */
    public @Nullable String errorCode() {
        return errorCode;
    }
}
