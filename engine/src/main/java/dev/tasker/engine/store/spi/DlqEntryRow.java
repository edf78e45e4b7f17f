package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A dead-letter-queue entry: an investigation record for a task that failed or went stale (the task
 * itself stays where it is). At most one entry per task is {@code pending}; writing a new pending entry
 * for a task that has one replaces it.
 *
 * @param entryId the entry's id
 * @param taskId the task
 * @param reason why: {@code staleness_timeout}, {@code max_retries_exceeded}, {@code permanent_failure}, {@code manual_dlq}
 * @param resolutionStatus {@code pending}, {@code manually_resolved}, {@code permanently_failed}, {@code cancelled}
 * @param snapshotJson the task as it was when the entry was made
 * @param notes an operator's notes, or null
 * @param resolvedBy who resolved it, or null
 * @param createdAt when it was made
 * @param updatedAt when it last changed
 * @param resolvedAt when it was resolved, or null
 */
public record DlqEntryRow(
        UUID entryId,
        UUID taskId,
        String reason,
        String resolutionStatus,
        String snapshotJson,
        String notes,
        String resolvedBy,
        Instant createdAt,
        Instant updatedAt,
        Instant resolvedAt) {
    /** The status of an entry nobody has resolved yet. */
    public static final String PENDING = "pending";

    /** Checks the required fields. */
    public DlqEntryRow {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(resolutionStatus, "resolutionStatus");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
