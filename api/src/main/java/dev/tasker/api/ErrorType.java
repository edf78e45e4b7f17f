package dev.tasker.api;

import java.util.Locale;

/** The kind of a step failure, stored with the failure and shown to operators. */
public enum ErrorType {
    /** A transient failure worth retrying (network, contention, rate limit). */
    RETRYABLE_ERROR,
    /** A failure that retrying cannot fix (declined payment, missing record). */
    PERMANENT_ERROR,
    /** The step's input or configuration is invalid; never retried by the handler helpers. */
    VALIDATION_ERROR,
    /** The attempt ran past its timeout and was interrupted. */
    TIMEOUT,
    /** The handler threw an unexpected exception. */
    HANDLER_ERROR;

    /** The Tasker wire name, e.g. {@code permanent_error}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name such as {@code retryable_error}.
     *
     * @throws IllegalArgumentException naming the valid values when {@code name} is not one
     */
    public static ErrorType fromWireName(String name) {
        for (ErrorType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown error type '" + name
                + "'; expected one of retryable_error, permanent_error, validation_error, timeout, handler_error");
    }
}
