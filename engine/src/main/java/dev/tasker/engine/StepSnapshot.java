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
 * @param waitingReason why the step waits: a ready step held back by a per-key concurrency or rate limit
 *     ({@code waiting_for_limit: customer_id=42 (2/2 running)}, {@code waiting_for_rate_limit: ...}, see
 *     {@link ConcurrencyLimit} and {@link RateLimit}), a step waiting for a signal ({@code waiting_for_signal},
 *     with its timeout if it has one) or for the child task of its sub-workflow
 *     ({@code waiting_for_child_task: ID (namespace/name)}); null when nothing holds it back. Also in snapshots
 *     read from the store by another process (the command line): the engine writes the reason on the step's row
 *     when the step starts waiting, a limit's as its kind and key ({@code waiting_for_limit: customer_id=42})
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
