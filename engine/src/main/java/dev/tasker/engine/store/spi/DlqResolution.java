package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Resolves the task's pending DLQ entry, if it has one (none: nothing changes), as part of a batch: the entry
 * keeps its snapshot and gets the status, notes, who and when.
 *
 * @param taskId the task whose pending entry resolves
 * @param status {@code manually_resolved}, {@code permanently_failed} or {@code cancelled}
 * @param notes why
 * @param resolvedBy who (the operator whose repair led to it, or the engine)
 * @param at when
 */
public record DlqResolution(UUID taskId, String status, String notes, String resolvedBy, Instant at) {
    /** Checks the fields. */
    public DlqResolution {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(resolvedBy, "resolvedBy");
        Objects.requireNonNull(at, "at");
    }
}
