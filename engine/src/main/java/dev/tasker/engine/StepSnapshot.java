package dev.tasker.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.internal.support.Json;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One step of a task as it was when the snapshot was taken.
 *
 * @param stepId the step's id
 * @param name the step's name
 * @param templateStepName the template step it was made from
 * @param state its state
 * @param attempts attempts started so far
 * @param maxAttempts the most attempts it gets
 * @param result its result (JSON), or null when it has none
 * @param error its last failure ({@code {message, error_type, retryable, ...}}), or null
 * @param lastAttemptedAt when its last attempt started, or null
 * @param nextAttemptAt when a waiting retry may start, or null
 * @param completedAt when it finished, or null
 * @param waitingReason why a ready step does not start yet, such as
 *     {@code waiting_for_limit: customer_id=42 (2/2 running)} or {@code waiting_for_rate_limit: ...} (a per-key
 *     concurrency or rate limit, see {@link ConcurrencyLimit} and {@link RateLimit}); null when nothing holds it
 *     back, and in snapshots read from the store (the reason lives in the running engine's memory)
 */
public record StepSnapshot(
        UUID stepId,
        String name,
        String templateStepName,
        StepState state,
        int attempts,
        int maxAttempts,
        @Nullable JsonNode result,
        @Nullable JsonNode error,
        @Nullable Instant lastAttemptedAt,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant completedAt,
        @Nullable String waitingReason) {

    /** A snapshot without a waiting reason (the components before {@code waitingReason} was added). */
    public StepSnapshot(
            UUID stepId,
            String name,
            String templateStepName,
            StepState state,
            int attempts,
            int maxAttempts,
            @Nullable JsonNode result,
            @Nullable JsonNode error,
            @Nullable Instant lastAttemptedAt,
            @Nullable Instant nextAttemptAt,
            @Nullable Instant completedAt) {
        this(
                stepId,
                name,
                templateStepName,
                state,
                attempts,
                maxAttempts,
                result,
                error,
                lastAttemptedAt,
                nextAttemptAt,
                completedAt,
                null);
    }

    /**
     * The result as a Java type, read by the engine's default JSON rules (snake_case properties to camelCase
     * record components and POJO properties, ISO-8601 dates, strict numbers; see
     * {@link TaskerBuilder#json}).
     *
     * @return the result, or null when the step has none
     * @throws IllegalArgumentException when the result cannot be read as {@code type}, saying why and where
     */
    public <T> @Nullable T result(Class<T> type) {
        return Json.convert(result, type);
    }

    /**
     * The result as a generic Java type, such as {@code new TypeReference<List<Invoice>>() {}}; see
     * {@link #result(Class)}.
     *
     * @return the result, or null when the step has none
     * @throws IllegalArgumentException when the result cannot be read as {@code type}, saying why and where
     */
    public <T> @Nullable T result(TypeReference<T> type) {
        return Json.convert(result, type);
    }
}
