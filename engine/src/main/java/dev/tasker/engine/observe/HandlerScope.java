package dev.tasker.engine.observe;

/** Undoes what {@link AttemptObserver#enterHandler()} made current; closed on the handler's thread. */
@FunctionalInterface
public interface HandlerScope extends AutoCloseable {
    /** Nothing to undo. */
    HandlerScope NONE = () -> {};

    @Override
    void close();
}
