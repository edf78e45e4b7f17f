package dev.tasker.engine;

import org.jspecify.annotations.Nullable;

/**
 * A template step's handler cannot be found or made, or an event's {@code publisher:} is not registered; raised
 * when the engine is built.
 */
public class HandlerResolutionException extends TaskerException {
    private static final long serialVersionUID = 1L;

    /** @param message which callable, in which template and step, and what to do about it */
    public HandlerResolutionException(String message) {
        super(message);
    }

    /** @param message what failed; @param cause why */
    public HandlerResolutionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
