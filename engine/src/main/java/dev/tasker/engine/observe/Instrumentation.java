package dev.tasker.engine.observe;

import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Watches the engine: step attempts, finished tasks and commits, with a view of the engine's gauges. Every
 * method has an empty default, so an instrumentation overrides what it needs. Several may be registered;
 * each is called in registration order.
 *
 * <p>Calls are made on the engine's threads (the loop, a handler's thread, the submitter's thread, as each
 * method says) and must be cheap: no I/O, no blocking. An instrumentation cannot break the engine: whatever
 * it throws is caught, counted ({@link EngineGauges#instrumentationErrors()}) and logged once per
 * instrumentation, and the engine carries on as if it had returned normally.
 *
 * <p>Names given to instrumentations (namespace, template, step, states, outcomes) are few per engine, so
 * they can serve as metric tags; ids (task, step) and attempt numbers are not, and belong on spans or logs.
 */
public interface Instrumentation {

    /**
     * Called once, when the engine is built, with a read-only view of its gauges, which the instrumentation
     * may poll from any thread for as long as the engine runs.
     */
    default void bind(EngineGauges gauges) {}

    /**
     * A task is being submitted, on the submitter's thread, before it is stored: returns the propagation
     * context to store with the task (for OpenTelemetry a W3C {@code traceparent}, optionally followed by
     * {@code ;} and a {@code tracestate}), or null for none. The task keeps it for its whole life, across
     * restarts and nodes; every later call about the task carries it ({@link TaskInfo#propagation()}).
     * When several instrumentations return one, the first (in registration order) is stored.
     *
     * @param template the template the task is made from
     */
    default @Nullable String taskSubmitting(TemplateRef template) {
        return null;
    }

    /**
     * The submit of {@link #taskSubmitting} ended, on the submitter's thread.
     *
     * @param propagation what was stored with the task, or null
     * @param taskId the new task, or the existing one for a duplicate; null when the submit failed
     * @param created true when a new task was stored; false for a duplicate (the existing task keeps its own
     *     propagation) or a failure
     */
    default void taskSubmitted(
            TemplateRef template, @Nullable String propagation, @Nullable UUID taskId, boolean created) {}

    /**
     * A step attempt starts: its claim is committed and its handler is handed to the executor (on the engine
     * loop thread). The returned observer hears of this attempt alone: its handler run
     * ({@link AttemptObserver#enterHandler()}) and its end ({@link AttemptObserver#finished(AttemptEnd)}).
     */
    default AttemptObserver attemptStarted(StepAttempt attempt) {
        return AttemptObserver.NONE;
    }

    /**
     * A task finished (complete, error, cancelled, resolved manually) or is blocked by failures waiting for an
     * operator, after that state is committed, on the engine loop thread. A blocked task that an operator
     * sends on finishes again later.
     */
    default void taskFinished(TaskEnd task) {}

    /**
     * The engine committed one group commit (a transaction with the rows of one or more cycles' worth of
     * changes), on the engine loop thread.
     *
     * @param latency how long the transaction took
     * @param rows how many rows it wrote
     */
    default void committed(Duration latency, int rows) {}

    /**
     * The engine stopped: its loop has ended and no further call comes from it. Called once per engine, on the
     * thread that closed it, before {@code close()} returns: an instrumentation that hands work to a
     * background thread (ending spans off the engine's loop) finishes that work here.
     */
    default void engineStopped() {}
}
