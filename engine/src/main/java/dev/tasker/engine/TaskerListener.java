package dev.tasker.engine;

import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.TaskTransitionRow;

/**
 * Told of every task and step transition after it is committed, in commit order, on one engine thread
 * (never the caller's) — for metrics, tracing and audit feeds. A listener that throws is logged and
 * counted; it cannot affect the engine.
 */
public interface TaskerListener {

    /** A task changed state. */
    default void onTaskTransition(TaskTransition transition) {}

    /** A step changed state. */
    default void onStepTransition(StepTransition transition) {}

    /**
     * A task changed state, as the store row; called after {@link #onTaskTransition(TaskTransition)}.
     *
     * @deprecated override {@link #onTaskTransition(TaskTransition)}; the store package is not part of the public API
     */
    @Deprecated(since = "0.2", forRemoval = true)
    default void onTaskTransition(TaskTransitionRow transition) {}

    /**
     * A step changed state, as the store row; called after {@link #onStepTransition(StepTransition)}.
     *
     * @deprecated override {@link #onStepTransition(StepTransition)}; the store package is not part of the public API
     */
    @Deprecated(since = "0.2", forRemoval = true)
    default void onStepTransition(StepTransitionRow transition) {}
}
