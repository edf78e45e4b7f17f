package dev.tasker.engine.observe;

/**
 * What an instrumentation hears about one step attempt it was told of by
 * {@link Instrumentation#attemptStarted(StepAttempt)}. {@link #finished(AttemptEnd)} is called at most once
 * (an attempt under way when its engine stops or dies is never finished by it).
 */
public interface AttemptObserver {
    /** Watches nothing. */
    AttemptObserver NONE = new AttemptObserver() {};

    /**
     * The attempt's handler is about to run, on the handler's own thread: whatever this makes current (a
     * tracing context, a log context) holds for the handler's run, and is undone by closing the returned
     * scope, on the same thread, when the handler returns or throws. Called again when a handler that yielded
     * a checkpoint runs again within the same attempt.
     */
    default HandlerScope enterHandler() {
        return HandlerScope.NONE;
    }

    /** The engine recorded how the attempt ended, on the engine loop thread. */
    default void finished(AttemptEnd end) {}
}
