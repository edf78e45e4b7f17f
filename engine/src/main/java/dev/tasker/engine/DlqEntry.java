package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A dead-letter-queue entry: why a task needs a person, with a snapshot of the task then. The DLQ is an
 * investigation tracker; the task itself stays where it is and is repaired with the operator actions.
 *
 * <p>A pending entry follows its task: when the task completes after an operator's repair (retry, reset,
 * resolve or complete a step) it becomes {@code manually_resolved}, with notes such as {@code task completed
 * after repair: retry_task by alice (card re-issued)}, {@code resolvedBy} the operator and
 * {@code resolvedAt} the completion; when a failed task is cancelled it becomes {@code cancelled}. The
 * snapshot and {@code createdAt} stay. An entry an operator resolved by hand keeps that resolution.
 *
 * @param entryId the entry's id
 * @param taskId the task
 * @param reason {@code staleness_timeout}, {@code max_retries_exceeded} or {@code permanent_failure}
 * @param status {@code pending}, {@code manually_resolved}, {@code permanently_failed} or {@code cancelled}
 * @param snapshot the task when the entry was made
 * @param notes the resolver's notes, or null
 * @param resolvedBy who resolved it, or null
 * @param createdAt when it was made
 * @param resolvedAt when it was resolved, or null
 */
public record DlqEntry(
        UUID entryId,
        UUID taskId,
        String reason,
        String status,
        @Nullable JsonNode snapshot,
        @Nullable String notes,
        @Nullable String resolvedBy,
        Instant createdAt,
        @Nullable Instant resolvedAt) {}
