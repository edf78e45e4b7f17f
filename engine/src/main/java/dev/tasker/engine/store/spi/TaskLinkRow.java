package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A child task started by a sub-workflow step of its parent.
 *
 * @param childTaskId the child
 * @param parentTaskId the parent
 * @param parentStepName the parent's step that waits for the child
 * @param createdAt when the child was created
 */
public record TaskLinkRow(UUID childTaskId, UUID parentTaskId, String parentStepName, Instant createdAt) {
    /** Checks the fields. */
    public TaskLinkRow {
        Objects.requireNonNull(childTaskId, "childTaskId");
        Objects.requireNonNull(parentTaskId, "parentTaskId");
        Objects.requireNonNull(parentStepName, "parentStepName");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
