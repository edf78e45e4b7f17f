package dev.tasker.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A filter for listing tasks, newest first (by creation time, then task id). Null fields do not filter.
 *
 * <p>For pages deep into a large store, page by {@link #after(TaskSnapshot) cursor} rather than by offset: the
 * database then starts the page at the cursor in its index instead of counting past every row before it.
 *
 * @param state only tasks in this state
 * @param namespace only tasks of this namespace
 * @param name only tasks of this template name
 * @param limit at most this many rows (1..10000)
 * @param offset skip this many rows first
 * @param createdFrom only tasks created at or after this instant
 * @param createdBefore only tasks created before this instant
 * @param cursor only tasks listed after this one (older, or as old with a smaller id)
 */
public record TaskQuery(
        @Nullable TaskState state,
        @Nullable String namespace,
        @Nullable String name,
        int limit,
        int offset,
        @Nullable Instant createdFrom,
        @Nullable Instant createdBefore,
        @Nullable Cursor cursor) {
    /** The default page size. */
    public static final int DEFAULT_LIMIT = 50;

    /**
     * Where the previous page ended: the last task it listed.
     *
     * @param createdAt that task's creation time
     * @param taskId that task's id
     */
    public record Cursor(Instant createdAt, UUID taskId) {
        /** Checks the parts. */
        public Cursor {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(taskId, "taskId");
        }
    }

    /** Checks the paging. */
    public TaskQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000, got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        if (createdFrom != null && createdBefore != null && !createdFrom.isBefore(createdBefore)) {
            throw new IllegalArgumentException(
                    "createdFrom " + createdFrom + " must be before createdBefore " + createdBefore);
        }
    }

    /** A filter by state, namespace and template name, without a time window or cursor. */
    public TaskQuery(
            @Nullable TaskState state, @Nullable String namespace, @Nullable String name, int limit, int offset) {
        this(state, namespace, name, limit, offset, null, null, null);
    }

    /** All tasks, first page. */
    public static TaskQuery all() {
        return new TaskQuery(null, null, null, DEFAULT_LIMIT, 0);
    }

    /** This query limited to tasks created in {@code [from, before)} (either may be null). */
    public TaskQuery createdBetween(@Nullable Instant from, @Nullable Instant before) {
        return new TaskQuery(state, namespace, name, limit, offset, from, before, cursor);
    }

    /** The page after {@code last} (the last task of the previous page), from offset 0. */
    public TaskQuery after(TaskSnapshot last) {
        return after(new Cursor(last.createdAt(), last.taskId()));
    }

    /** The page after the cursor, from offset 0. */
    public TaskQuery after(@Nullable Cursor next) {
        return new TaskQuery(state, namespace, name, limit, 0, createdFrom, createdBefore, next);
    }
}
