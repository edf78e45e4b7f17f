package dev.tasker.engine.store.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * One dependency edge of a task's step graph: {@code to} runs after {@code from}.
 *
 * @param taskId the task
 * @param fromStepId the parent step
 * @param toStepId the child step
 * @param name {@code provides}, {@code batch_dependency} or {@code worker_to_convergence}
 */
public record EdgeRow(UUID taskId, UUID fromStepId, UUID toStepId, String name) {
    /** Checks the fields. */
    public EdgeRow {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(fromStepId, "fromStepId");
        Objects.requireNonNull(toStepId, "toStepId");
        Objects.requireNonNull(name, "name");
    }
}
