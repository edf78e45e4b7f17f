package dev.tasker.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Retry arithmetic as a pure value: no clock, no scheduler. */
class RetryPolicyTest {

    private static RetryPolicy policy(BackoffStrategy backoff, long base, long max) {
        return new RetryPolicy(true, 3, backoff, base, max);
    }

    @Test
    void defaults_are_the_reference_defaults() {
        assertEquals(new RetryPolicy(true, 3, BackoffStrategy.EXPONENTIAL, 1000, 30_000), RetryPolicy.DEFAULT);
        assertEquals(BackoffStrategy.EXPONENTIAL, new RetryPolicy(true, 3, null, 1, 1).backoff());
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"1, 0", "5, 0", "100, 0"})
    void no_backoff_retries_at_once(int failed, long expectedMs) {
        assertEquals(
                Duration.ofMillis(expectedMs),
                policy(BackoffStrategy.NONE, 1000, 30_000).delayFor(failed));
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"1, 100", "2, 200", "3, 300", "10, 1000", "11, 1000", "2147483647, 1000"})
    void linear_backoff_is_base_times_n_capped(int failed, long expectedMs) {
        assertEquals(
                Duration.ofMillis(expectedMs),
                policy(BackoffStrategy.LINEAR, 100, 1000).delayFor(failed));
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({
        "1, 1000",
        "2, 2000",
        "3, 4000",
        "4, 8000",
        "5, 16000",
        "6, 30000",
        "63, 30000",
        "64, 30000",
        "2147483647, 30000"
    })
    void exponential_backoff_is_base_times_two_to_the_n_minus_one_capped(int failed, long expectedMs) {
        assertEquals(Duration.ofMillis(expectedMs), RetryPolicy.DEFAULT.delayFor(failed));
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({
        "1, 100",
        "2, 100",
        "3, 200",
        "4, 300",
        "5, 500",
        "6, 800",
        "7, 1300",
        "8, 2100",
        "20, 5000",
        "2147483647, 5000"
    })
    void fibonacci_backoff_is_base_times_fib_n_capped(int failed, long expectedMs) {
        assertEquals(
                Duration.ofMillis(expectedMs),
                policy(BackoffStrategy.FIBONACCI, 100, 5000).delayFor(failed));
    }

    @Test
    void huge_bases_saturate_at_the_cap_instead_of_overflowing() {
        RetryPolicy huge = policy(BackoffStrategy.EXPONENTIAL, Long.MAX_VALUE / 2, Long.MAX_VALUE);

        assertEquals(Duration.ofMillis(Long.MAX_VALUE / 2), huge.delayFor(1));
        assertEquals(Duration.ofMillis(Long.MAX_VALUE), huge.delayFor(3));
        assertEquals(
                Duration.ofMillis(Long.MAX_VALUE),
                policy(BackoffStrategy.FIBONACCI, Long.MAX_VALUE / 3, Long.MAX_VALUE)
                        .delayFor(90));
    }

    @Test
    void no_failure_yet_means_no_delay_and_a_zero_base_means_no_delay() {
        assertEquals(Duration.ZERO, RetryPolicy.DEFAULT.delayFor(0));
        assertEquals(Duration.ZERO, RetryPolicy.DEFAULT.delayFor(-3));
        assertEquals(Duration.ZERO, policy(BackoffStrategy.EXPONENTIAL, 0, 1000).delayFor(4));
    }

    @Test
    void a_cap_below_the_base_still_caps() {
        assertEquals(
                Duration.ofMillis(50), policy(BackoffStrategy.LINEAR, 100, 50).delayFor(1));
    }

    @Test
    void retries_stop_after_max_attempts() {
        RetryPolicy three = RetryPolicy.DEFAULT;

        assertTrue(three.shouldRetry(1, true));
        assertTrue(three.shouldRetry(2, true));
        assertFalse(three.shouldRetry(3, true));
        assertFalse(three.shouldRetry(4, true));
    }

    @Test
    void a_non_retryable_failure_or_step_is_never_retried() {
        assertFalse(RetryPolicy.DEFAULT.shouldRetry(1, false));
        assertFalse(new RetryPolicy(false, 5, BackoffStrategy.NONE, 0, 0).shouldRetry(1, true));
    }

    @Test
    void max_attempts_below_one_acts_as_a_single_attempt() {
        RetryPolicy zero = new RetryPolicy(true, 0, BackoffStrategy.NONE, 0, 0);

        assertEquals(1, zero.effectiveMaxAttempts());
        assertEquals(1, new RetryPolicy(true, -7, BackoffStrategy.NONE, 0, 0).effectiveMaxAttempts());
        assertFalse(zero.shouldRetry(1, true));
    }

    @ParameterizedTest(name = "u={0}")
    @CsvSource({"0.0, 850", "0.5, 1000", "1.0, 1150", "0.25, 925"})
    void jitter_spreads_a_delay_by_the_fraction_either_way(double uniform, long expectedMs) {
        assertEquals(Duration.ofMillis(expectedMs), RetryPolicy.withJitter(Duration.ofSeconds(1), 0.15, uniform));
    }

    @Test
    void jitter_never_goes_below_zero_and_zero_fraction_changes_nothing() {
        assertEquals(Duration.ZERO, RetryPolicy.withJitter(Duration.ofSeconds(1), 1.0, 0.0));
        assertEquals(Duration.ofMillis(1234), RetryPolicy.withJitter(Duration.ofMillis(1234), 0, 0.9));
        assertEquals(Duration.ZERO, RetryPolicy.withJitter(Duration.ZERO, 0.15, 1.0));
    }

    @Test
    void jitter_arguments_are_checked() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.withJitter(Duration.ZERO, 1.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.withJitter(Duration.ZERO, 0.1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.withJitter(Duration.ZERO, Double.NaN, 0.5));
        assertThrows(NullPointerException.class, () -> RetryPolicy.withJitter(null, 0.1, 0.5));
    }

    @Test
    void negative_delays_are_refused_at_construction() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new RetryPolicy(true, 3, BackoffStrategy.LINEAR, -1, 10));

        assertEquals("backoff_base_ms must be >= 0, got -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 3, BackoffStrategy.LINEAR, 1, -10));
    }

    @Test
    void an_override_changes_only_the_fields_it_names() {
        RetryPolicy base = new RetryPolicy(false, 5, BackoffStrategy.LINEAR, 250, 9000);

        assertEquals(
                new RetryPolicy(false, 2, BackoffStrategy.LINEAR, 250, 9000),
                new RetryOverride(null, 2, null, null, null).applyTo(base));
        assertEquals(
                new RetryPolicy(true, 1, BackoffStrategy.NONE, 1, 2),
                new RetryOverride(true, 1, BackoffStrategy.NONE, 1L, 2L).applyTo(base));
        assertEquals(base, new RetryOverride(null, null, null, null, null).applyTo(base));
    }
}
