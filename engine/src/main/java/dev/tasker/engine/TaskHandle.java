package dev.tasker.engine;

import java.time.Duration;
import java.util.UUID;

/**
 * A submitted task: its id, whether the submit found an existing task, and a way to wait for it.
 * A handle is cheap and can be made again from an id with {@link Tasker#handle(UUID)}.
 */
public interface TaskHandle {

    /** The task's id. */
    UUID taskId();

    /** True when the submit matched an existing task (same identity) instead of creating one. */
    boolean isDuplicate();

    /**
     * Waits until the task is terminal ({@code complete}, {@code error}, {@code cancelled},
     * {@code resolved_manually}) or blocked by a failed step with nothing left running, and returns
     * its snapshot then.
     *
     * @param timeout how long to wait (real time)
     * @throws AwaitTimeoutException when the time runs out first (the task goes on)
     */
    TaskSnapshot await(Duration timeout);

    /**
     * The task as it is now.
     *
     * @throws TaskNotFoundException when there is no such task
     */
    TaskSnapshot snapshot();
}
