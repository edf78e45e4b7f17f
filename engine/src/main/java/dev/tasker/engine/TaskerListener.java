package dev.tasker.engine;

import dev.tasker.engine.store.StepTransitionRow;
import dev.tasker.engine.store.TaskTransitionRow;

/**
 * Told of every task and step transition after it is committed, in commit order, on one engine thread
 * (never the caller's) — for metrics, tracing and audit feeds. A listener that throws is logged and
 * counted; it cannot affect the engine.
 */
public interface TaskerListener {

    /** A task changed state. */
    default void onTaskTransition(TaskTransitionRow transition) {
    }

    /** A step changed state. */
    default void onStepTransition(StepTransitionRow transition) {
    }
}
