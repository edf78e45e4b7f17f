package dev.tasker.engine;

import java.util.Objects;
import java.util.UUID;

/**
 * A parent task's sub-workflow step and the child task it started (template {@code extensions.sub_workflows}).
 *
 * @param parentTaskId the parent task
 * @param parentStep the parent's step that waits for the child
 * @param childTaskId the child task
 */
public record TaskLink(UUID parentTaskId, String parentStep, UUID childTaskId) {
    /** Checks the fields. */
    public TaskLink {
        Objects.requireNonNull(parentTaskId, "parentTaskId");
        Objects.requireNonNull(parentStep, "parentStep");
        Objects.requireNonNull(childTaskId, "childTaskId");
    }
}
