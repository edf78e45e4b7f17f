package dev.tasker.engine;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of one request of {@link Tasker#submitAll}: a task (new, or an existing one with the same
 * identity, {@link TaskHandle#isDuplicate()}), or the error {@link Tasker#submit} would have thrown for that
 * request alone. Exactly one of {@link #handle()} and {@link #error()} is set.
 *
 * @param index the request's position in the list given to {@code submitAll}
 * @param request the request
 * @param handle the task, when the request was accepted (committed, or a duplicate of a stored task)
 * @param error why the request was refused (nothing was stored for it): an {@link UnknownTemplateException},
 *     {@link InputValidationException}, {@link InvalidInputException}, {@link TaskRequestException} or a
 *     {@link dev.tasker.engine.store.StoreException}
 */
public record SubmitOutcome(
        int index,
        TaskRequest request,
        @Nullable TaskHandle handle,
        @Nullable RuntimeException error) {

    /** Checks that exactly one of handle and error is set. */
    public SubmitOutcome {
        Objects.requireNonNull(request, "request");
        if ((handle == null) == (error == null)) {
            throw new IllegalArgumentException("an outcome has either a handle or an error, not both or neither");
        }
    }

    /** The request was accepted: a new task, or a duplicate of an existing one. */
    public boolean accepted() {
        return handle != null;
    }

    /** The request matched an existing task (same identity) and created nothing. */
    public boolean isDuplicate() {
        return handle != null && handle.isDuplicate();
    }

    /**
     * The task, or the request's error thrown as {@link Tasker#submit} would have thrown it.
     *
     * @throws RuntimeException the request's {@link #error()}
     */
    public TaskHandle orThrow() {
        if (handle != null) {
            return handle;
        }
        throw Objects.requireNonNull(error);
    }
}
