package dev.tasker.engine;

import org.jspecify.annotations.Nullable;

/**
 * A filter for listing tasks, newest first. Null fields do not filter.
 *
 * @param state only tasks in this state
 * @param namespace only tasks of this namespace
 * @param name only tasks of this template name
 * @param limit at most this many rows (1..10000)
 * @param offset skip this many rows first
 */
public record TaskQuery(
        @Nullable TaskState state,
        @Nullable String namespace,
        @Nullable String name,
        int limit,
        int offset) {
    /** The default page size. */
    public static final int DEFAULT_LIMIT = 50;

    /** Checks the paging. */
    public TaskQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000, got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }

    /** All tasks, first page. */
    public static TaskQuery all() {
        return new TaskQuery(null, null, null, DEFAULT_LIMIT, 0);
    }
}
