package dev.tasker.engine;

import java.util.UUID;

/** No task with this id is stored. */
public class TaskNotFoundException extends TaskerException {
    private static final long serialVersionUID = 1L;

    private final UUID taskId;

    /** @param taskId the id that was asked for */
    public TaskNotFoundException(UUID taskId) {
        super("no task " + taskId);
        this.taskId = taskId;
    }

    /** The id that was asked for. */
    public UUID taskId() {
        return taskId;
    }
}
