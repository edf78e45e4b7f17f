package dev.tasker.engine.internal.run;

import dev.tasker.engine.AwaitTimeoutException;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskNotFoundException;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.TaskerException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A submitted task: its id, whether the submit found an existing task, and a way to wait for it.
 * A handle is cheap and can be made again from an id with {@link dev.tasker.engine.Tasker#handle(java.util.UUID)}.
 */
public final class EngineTaskHandle implements TaskHandle {
    private final Engine tasker;
    private final UUID taskId;
    private final boolean duplicate;

    EngineTaskHandle(Engine tasker, UUID taskId, boolean duplicate) {
        this.tasker = tasker;
        this.taskId = taskId;
        this.duplicate = duplicate;
    }

    /** The task's id. */
    public UUID taskId() {
        return taskId;
    }

    /** True when the submit matched an existing task (same identity) instead of creating one. */
    public boolean isDuplicate() {
        return duplicate;
    }

    /**
     * Waits until the task is terminal ({@code complete}, {@code error}, {@code cancelled},
     * {@code resolved_manually}) or blocked by a failed step with nothing left running, and returns
     * its snapshot then.
     *
     * @param timeout how long to wait (real time)
     * @throws AwaitTimeoutException when the time runs out first (the task goes on)
     */
    public TaskSnapshot await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int polls = 0;
        while (true) {
            TaskRun run = tasker.liveTask(taskId);
            if (run == null) {
                Membership cluster = tasker.membership();
                if (!cluster.shared()) {
                    return snapshot();
                }
                TaskState state = storedState();
                if (settled(state)) {
                    return snapshot();
                }
                polls = awaitElsewhere(cluster, deadline, timeout, state, polls);
                continue;
            }
            try {
                long left = deadline - System.nanoTime();
                return run.settled.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AwaitTimeoutException(taskId, timeout, snapshot().state());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskerException("interrupted while waiting for task " + taskId, e);
            } catch (ExecutionException e) {
                throw new TaskerException("task " + taskId + " failed to settle: " + e.getCause(), e.getCause());
            } catch (java.util.concurrent.CancellationException e) {
                // the task left memory or was reloaded; look again
            }
        }
    }

    private static boolean settled(TaskState state) {
        return state.isTerminal() || state == TaskState.BLOCKED_BY_FAILURES;
    }

    private TaskState storedState() {
        return tasker.storedTask(taskId)
                .orElseThrow(() -> new TaskNotFoundException(taskId))
                .state();
    }

    /**
     * The task is queued or runs on another node: wait for its settled signal. A signal can be lost, so the
     * task row is read again after a while: 100 ms, doubling to 2 s (one small read per wait, so that many
     * awaiters of other nodes' tasks cost the database little). Returns the number of waits so far.
     */
    private int awaitElsewhere(Membership cluster, long deadline, Duration timeout, TaskState state, int polls) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AwaitTimeoutException(taskId, timeout, state);
        }
        CompletableFuture<Void> signal = cluster.settledSignal(taskId);
        try {
            // it may have settled, or come to this node, before the wait was registered
            if (settled(storedState()) || tasker.liveTask(taskId) != null) {
                return polls;
            }
            long pollMillis = Math.min(2_000, 100L << Math.min(polls, 5));
            signal.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(pollMillis)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // look again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskerException("interrupted while waiting for task " + taskId, e);
        } catch (ExecutionException e) {
            throw new TaskerException("waiting for task " + taskId + " failed: " + e.getCause(), e.getCause());
        } finally {
            cluster.forgetWait(taskId, signal);
        }
        return polls + 1;
    }

    /** The task as stored now. */
    public TaskSnapshot snapshot() {
        return tasker.task(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
    }

    @Override
    public String toString() {
        return "TaskHandle[" + taskId + (duplicate ? ", duplicate" : "") + "]";
    }
}
