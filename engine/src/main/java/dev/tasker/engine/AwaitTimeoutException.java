package dev.tasker.engine;

import java.time.Duration;
import java.util.UUID;

/** {@link TaskHandle#await} ran out of time before the task finished; the task goes on. */
public class AwaitTimeoutException extends TaskerException {
    private static final long serialVersionUID = 1L;

    private final UUID taskId;

    /** @param taskId the task; @param waited how long was waited; @param state its state then */
    public AwaitTimeoutException(UUID taskId, Duration waited, TaskState state) {
        super("task " + taskId + " did not finish within " + waited + "; it is " + state.wireName());
        this.taskId = taskId;
    }

    /** The task waited for. */
    public UUID taskId() {
        return taskId;
    }
}
