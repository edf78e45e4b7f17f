package dev.tasker.engine.observe;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A task, as instrumentations see it.
 *
 * @param taskId the task's id
 * @param template the template it is made from
 * @param createdAt when it was submitted (the engine's clock), kept across restarts
 * @param propagation the context stored with it at submit ({@link Instrumentation#taskSubmitting}), or null
 */
public record TaskInfo(
        UUID taskId,
        TemplateRef template,
        Instant createdAt,
        @Nullable String propagation) {
    /** Checks the required parts. */
    public TaskInfo {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
