package dev.tasker.engine;

/**
 * What became of a signal ({@link TaskerOperations#signal}). A signal step takes one signal: the first one
 * sent completes it (now, or when it is reached); any later one is a {@link #DUPLICATE} and changes nothing.
 */
public enum SignalResult {
    /** The step was waiting: it completed with the payload (or, sent to a task another node runs, that node completes it). */
    DELIVERED,
    /** The step is not reached yet: the signal is stored and completes the step as soon as it is reached. */
    STORED_UNTIL_REACHED,
    /** The step already has a signal (delivered or stored); this one is dropped. */
    DUPLICATE,
    /** The step finished without a signal (timed out, cancelled, completed by an operator); the signal is dropped. */
    STEP_FINISHED
}
