package dev.tasker.engine.template;

import java.time.Duration;
import java.util.Objects;

/**
 * A step's {@code retry} block, and the pure arithmetic of retrying: whether another attempt is
 * allowed and how long to wait before it. No clock and no scheduler, so it is tested directly.
 *
 * @param retryable     whether the step may be retried at all (default {@value #DEFAULT_RETRYABLE})
 * @param maxAttempts   attempts in total, the first included (default {@value #DEFAULT_MAX_ATTEMPTS});
 *                      values below 1 are kept as written but act as 1 (see {@link #effectiveMaxAttempts()})
 * @param backoff       how the delay grows (default {@link BackoffStrategy#EXPONENTIAL})
 * @param backoffBaseMs the base delay in milliseconds (default {@value #DEFAULT_BACKOFF_BASE_MS})
 * @param maxBackoffMs  the cap on any delay in milliseconds (default {@value #DEFAULT_MAX_BACKOFF_MS})
 */
public record RetryPolicy(
        boolean retryable, int maxAttempts, BackoffStrategy backoff, long backoffBaseMs, long maxBackoffMs) {

    /** Default of {@code retryable}. */
    public static final boolean DEFAULT_RETRYABLE = true;
    /** Default of {@code max_attempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default of {@code backoff}. */
    public static final BackoffStrategy DEFAULT_BACKOFF = BackoffStrategy.EXPONENTIAL;
    /** Default of {@code backoff_base_ms}. */
    public static final long DEFAULT_BACKOFF_BASE_MS = 1_000;
    /** Default of {@code max_backoff_ms}. */
    public static final long DEFAULT_MAX_BACKOFF_MS = 30_000;
    /** The policy of a step without a {@code retry} block. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(
            DEFAULT_RETRYABLE, DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF, DEFAULT_BACKOFF_BASE_MS, DEFAULT_MAX_BACKOFF_MS);

    /** Validates the arguments; a null {@code backoff} means the default. */
    public RetryPolicy {
        backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
        if (backoffBaseMs < 0) {
            throw new IllegalArgumentException("backoff_base_ms must be >= 0, got " + backoffBaseMs);
        }
        if (maxBackoffMs < 0) {
            throw new IllegalArgumentException("max_backoff_ms must be >= 0, got " + maxBackoffMs);
        }
    }

    /** @return {@code max(1, maxAttempts)}: the first attempt always runs */
    public int effectiveMaxAttempts() {
        return Math.max(1, maxAttempts);
    }

    /**
     * The retry rule (SPEC §3): retry iff the step is retryable, the failure is retryable and fewer
     * than {@link #effectiveMaxAttempts()} attempts have run.
     *
     * @param attemptsSoFar     attempts already made, the failed one included
     * @param failureRetryable  whether the failure itself allows a retry
     * @return whether to schedule another attempt
     */
    public boolean shouldRetry(int attemptsSoFar, boolean failureRetryable) {
        return retryable && failureRetryable && attemptsSoFar < effectiveMaxAttempts();
    }

    /**
     * The delay before the next attempt after {@code failedAttempts} failures: none → 0, linear →
     * base·n, exponential → base·2^(n−1), fibonacci → base·fib(n) (fib(1) = fib(2) = 1), always
     * capped by {@code maxBackoffMs}. Saturates instead of overflowing for any n.
     *
     * @param failedAttempts failed attempts so far; 0 or less gives {@link Duration#ZERO}
     * @return the delay, without jitter
     */
    public Duration delayFor(int failedAttempts) {
        if (failedAttempts <= 0 || backoff == BackoffStrategy.NONE || backoffBaseMs == 0) {
            return Duration.ZERO;
        }
        long ceiling = maxBackoffMs / backoffBaseMs; // multipliers above this hit the cap anyway
        long multiplier = switch (backoff) {
            case LINEAR -> failedAttempts;
            case EXPONENTIAL -> failedAttempts - 1 >= 62 ? Long.MAX_VALUE : 1L << (failedAttempts - 1);
            case FIBONACCI -> fibonacciUpTo(failedAttempts, ceiling);
            case NONE -> 0;
        };
        long millis = multiplier > ceiling ? maxBackoffMs : Math.min(maxBackoffMs, multiplier * backoffBaseMs);
        return Duration.ofMillis(millis);
    }

    /** fib(n), or a value above {@code ceiling} as soon as the sequence passes it (no overflow). */
    private static long fibonacciUpTo(int n, long ceiling) {
        long previous = 0;
        long current = 1;
        for (int i = 1; i < n && current <= ceiling; i++) {
            long next = previous + current;
            previous = current;
            current = next;
        }
        return current;
    }

    /**
     * Spreads a delay by ±{@code fraction}: {@code d·(1 + fraction·(2u − 1))}, never below zero.
     * The random draw is a parameter so callers choose the source (seeded in tests).
     *
     * @param delay     the computed delay
     * @param fraction  the spread, in [0, 1] (0.15 is the engine default)
     * @param uniform01 a uniform random number in [0, 1]
     * @return the jittered delay
     */
    public static Duration withJitter(Duration delay, double fraction, double uniform01) {
        Objects.requireNonNull(delay, "delay");
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
        }
        if (!(uniform01 >= 0 && uniform01 <= 1)) {
            throw new IllegalArgumentException("uniform01 must be in [0, 1], got " + uniform01);
        }
        double factor = 1 + fraction * (2 * uniform01 - 1);
        double nanos = saturatedNanos(delay) * factor;
        return nanos >= Long.MAX_VALUE
                ? Duration.ofNanos(Long.MAX_VALUE)
                : Duration.ofNanos(Math.max(0, Math.round(nanos)));
    }

    private static double saturatedNanos(Duration delay) {
        if (delay.isNegative()) {
            return 0;
        }
        return delay.compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : delay.toNanos();
    }
}
