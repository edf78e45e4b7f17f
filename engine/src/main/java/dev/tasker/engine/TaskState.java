package dev.tasker.engine;

import java.util.Locale;

/**
 * The states of a task, with Tasker's names (reference §3.2).
 *
 * <p>In-process the engine collapses the states that exist only to pass work between the reference's
 * processes: {@code initializing}, {@code enqueuing_steps} and {@code evaluating_results} happen inside
 * one transaction and are never stored; a task goes {@code pending → steps_in_process} when it is created.
 */
public enum TaskState {
    /** Created, not yet started. */
    PENDING,
    /** Not stored by this engine (collapsed into the transaction that creates the task). */
    INITIALIZING,
    /** Not stored by this engine (collapsed). */
    ENQUEUING_STEPS,
    /** At least one step is running or ready to run. */
    STEPS_IN_PROCESS,
    /**
     * Committed with a start time ({@link TaskRequest#runAt}) not reached yet: no step runs until then (by the
     * engine's clock). Survives restarts; cancellable. Tasker-for-Java addition (not in the reference).
     */
    SCHEDULED,
    /** Not stored by this engine (collapsed). */
    EVALUATING_RESULTS,
    /** Nothing can run until something outside the engine acts (an operator, a paused batch). */
    WAITING_FOR_DEPENDENCIES,
    /** Nothing is running; at least one step waits for its backoff to elapse. */
    WAITING_FOR_RETRY,
    /** A step failed permanently; no new step starts (fail-fast). Waits for an operator or gives up. */
    BLOCKED_BY_FAILURES,
    /** Every step is complete or resolved manually. Terminal. */
    COMPLETE,
    /** The task failed. Terminal, except for operator actions. */
    ERROR,
    /** Cancelled. Terminal. */
    CANCELLED,
    /** An operator resolved the task. Terminal. */
    RESOLVED_MANUALLY;

    /** Made once: the engine writes it with every state change. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The stored name, e.g. {@code steps_in_process}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a stored name. */
    public static TaskState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** True for states a task leaves only by an operator action. */
    public boolean isTerminal() {
        return this == COMPLETE || this == ERROR || this == CANCELLED || this == RESOLVED_MANUALLY;
    }
}
