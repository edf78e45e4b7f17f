package dev.tasker.engine;

import java.util.Locale;

/**
 * The states of a step, with Tasker's names (reference §3.3).
 *
 * <p>In-process the engine collapses the hand-off states: a claimed step goes {@code pending →
 * in_progress} (the reference's {@code enqueued} is the in-memory ready queue, never stored), and a
 * finished attempt goes straight from {@code in_progress} to {@code complete}, {@code waiting_for_retry}
 * or {@code error} ({@code enqueued_for_orchestration} and {@code enqueued_as_error_for_orchestration}
 * are the in-memory hand-off to the writer).
 */
public enum StepState {
    /** Created; runs once its parents are complete. */
    PENDING,
    /** Not stored by this engine (the in-memory ready queue). */
    ENQUEUED,
    /** An attempt is running (the attempt is counted when this is stored). */
    IN_PROGRESS,
    /** Not stored by this engine (collapsed). */
    ENQUEUED_FOR_ORCHESTRATION,
    /** Not stored by this engine (collapsed). */
    ENQUEUED_AS_ERROR_FOR_ORCHESTRATION,
    /** The last attempt failed; the next one runs when the backoff has elapsed. */
    WAITING_FOR_RETRY,
    /** Done, with a result. */
    COMPLETE,
    /** Failed permanently (or out of attempts). Final unless an operator resets it. */
    ERROR,
    /** Cancelled with its task. */
    CANCELLED,
    /** An operator resolved it without a result; its dependents may run. */
    RESOLVED_MANUALLY;

    /** Made once: the engine writes it with every state change. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The stored name, e.g. {@code waiting_for_retry}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a stored name. */
    public static StepState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** True when dependents of a step in this state may run. */
    public boolean satisfiesDependents() {
        return this == COMPLETE || this == RESOLVED_MANUALLY;
    }

    /** True when no attempt will start without an operator. */
    public boolean isFinished() {
        return this == COMPLETE || this == ERROR || this == CANCELLED || this == RESOLVED_MANUALLY;
    }
}
