package dev.tasker.engine.store;

import dev.tasker.engine.TaskState;

/**
 * The task filter's old name.
 *
 * @deprecated use {@link dev.tasker.engine.TaskQuery}; the store package is not part of the public API
 */
@Deprecated(since = "0.2", forRemoval = true)
public record TaskQuery(TaskState state, String namespace, String name, int limit, int offset) {
    /** The same filter under its public name. */
    public dev.tasker.engine.TaskQuery toQuery() {
        return new dev.tasker.engine.TaskQuery(state, namespace, name, limit, offset);
    }

    /** All tasks, first page. */
    public static TaskQuery all() {
        return new TaskQuery(null, null, null, dev.tasker.engine.TaskQuery.DEFAULT_LIMIT, 0);
    }
}
