package dev.tasker.engine.template;

import org.jspecify.annotations.Nullable;

/**
 * The {@code retry} block of an environment override. Null fields keep the template's value: the
 * override is merged field by field, a deliberate fix of the reference, which replaced the whole
 * block and so silently reset the fields the override did not name.
 *
 * @param retryable     new {@code retryable}, or null
 * @param maxAttempts   new {@code max_attempts}, or null
 * @param backoff       new {@code backoff}, or null
 * @param backoffBaseMs new {@code backoff_base_ms}, or null
 * @param maxBackoffMs  new {@code max_backoff_ms}, or null
 */
public record RetryOverride(
        @Nullable Boolean retryable,
        @Nullable Integer maxAttempts,
        @Nullable BackoffStrategy backoff,
        @Nullable Long backoffBaseMs,
        @Nullable Long maxBackoffMs) {

    /**
     * @param base the template's policy
     * @return {@code base} with every non-null field of this override applied
     */
    public RetryPolicy applyTo(RetryPolicy base) {
        return new RetryPolicy(
                retryable != null ? retryable : base.retryable(),
                maxAttempts != null ? maxAttempts : base.maxAttempts(),
                backoff != null ? backoff : base.backoff(),
                backoffBaseMs != null ? backoffBaseMs : base.backoffBaseMs(),
                maxBackoffMs != null ? maxBackoffMs : base.maxBackoffMs());
    }
}
