package dev.tasker.engine.observe;

import java.util.Locale;

/** How a step attempt ended. */
public enum AttemptOutcome {
    /** The handler succeeded; the step is complete. */
    SUCCEEDED,
    /** The handler failed and the step will be tried again after its backoff. */
    RETRYING,
    /** The handler failed and the step will not be tried again: it is in error. */
    FAILED,
    /** The attempt ran past its step's timeout and was interrupted (the step may be tried again). */
    TIMED_OUT,
    /**
     * The attempt was stopped from outside: its task was cancelled or went stale, an operator resolved the
     * step, or this node lost the task (another node or a reload carries it on).
     */
    CANCELLED;

    /** Made once: instrumentations read it with every attempt's end. */
    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /** The outcome's name in lower case ({@code timed_out}), for tags and attributes. */
    public String tagValue() {
        return tagValue;
    }
}
