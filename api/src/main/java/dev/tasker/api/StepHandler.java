package dev.tasker.api;

/**
 * The code that runs for one step of a task.
 *
 * <p>The engine calls {@link #call} on a virtual thread once every parent of the step has completed.
 * A handler should be idempotent: after a crash a step that was running runs again (as a new attempt).
 *
 * <p>How the outcome is read:
 * <ul>
 *   <li>a returned {@link StepHandlerResult} is taken as it is;</li>
 *   <li>{@link PermanentError} fails the step for good; {@link RetryableError} fails this attempt and
 *       retries under the step's retry policy (honouring its {@code retryAfter});</li>
 *   <li>any other exception, or an {@link Error} such as {@link StackOverflowError}, fails the attempt
 *       as {@link ErrorType#HANDLER_ERROR}, retryable;</li>
 *   <li>returning {@code null} fails the step permanently: a handler must say what happened.</li>
 * </ul>
 * A handler that runs past its timeout is interrupted and the attempt fails as {@link ErrorType#TIMEOUT}.
 */
@FunctionalInterface
public interface StepHandler {

    /**
     * Runs the step.
     *
     * @param context the step's input, ancestor results, configuration and attempt
     * @return the outcome; never {@code null}
     * @throws Exception any failure; see the class description for how it is classified
     */
    StepHandlerResult call(StepContext context) throws Exception;
}
