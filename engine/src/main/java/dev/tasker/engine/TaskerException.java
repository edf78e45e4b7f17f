package dev.tasker.engine;

import org.jspecify.annotations.Nullable;

/** The root of the engine's own errors; unchecked. Misuse of arguments throws the JDK's exceptions. */
public class TaskerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, and where */
    public TaskerException(String message) {
        super(message);
    }

    /** @param message what went wrong, and where; @param cause the underlying exception */
    public TaskerException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
