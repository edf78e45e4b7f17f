package dev.tasker.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a handler returns: one of five outcomes, each made by a static factory.
 *
 * <ul>
 *   <li>{@link #success(Object)}: the step is complete; its result (a record, a map, a {@code JsonNode},
 *       a number...) is stored as JSON and readable by every descendant step. A record or POJO is written
 *       with snake_case field names, leaving out null and empty-Optional properties.</li>
 *   <li>{@link #failure(String, ErrorType, boolean)}: the attempt failed; retried when {@code retryable}
 *       and the step's retry policy allows.</li>
 *   <li>{@link #decision(List)} / {@link #noBranches()}: for {@code type: decision} steps, which
 *       descendant steps to create.</li>
 *   <li>{@link #createBatches(String, List, long)} / {@link #noBatches()}: for {@code type: batchable}
 *       steps, the batch workers to create.</li>
 *   <li>{@link #checkpointYield(Object, long, Object)}: save progress and be called again in the same
 *       attempt; a retry after a failure resumes from the last checkpoint.</li>
 * </ul>
 */
public sealed interface StepHandlerResult {

    /** Handler-supplied metadata stored beside the result (never null, may be empty). */
    Map<String, Object> metadata();

    /** A completed step with its result. */
    static Success success(@Nullable Object result) {
        return new Success(result, Map.of());
    }

    /** A completed step with its result and metadata. */
    static Success success(@Nullable Object result, @Nullable Map<String, ?> metadata) {
        return new Success(result, copy(metadata));
    }

    /** A failed attempt. */
    static Failure failure(@Nullable String message, ErrorType type, boolean retryable) {
        return new Failure(orEmpty(message), type, retryable, Map.of(), null, null);
    }

    /** A failed attempt with metadata. */
    static Failure failure(
            @Nullable String message, ErrorType type, boolean retryable, @Nullable Map<String, ?> metadata) {
        return new Failure(orEmpty(message), type, retryable, copy(metadata), null, null);
    }

    /** A decision that creates the named descendant steps. */
    static Decision decision(List<String> steps) {
        return new Decision(steps, null, Map.of());
    }

    /** A decision that creates the named steps and records why (stored as {@code routing_context}). */
    static Decision decision(List<String> steps, @Nullable Object routingContext) {
        return new Decision(steps, routingContext, Map.of());
    }

    /** A decision that creates no branch: the task goes on (or ends) without them. */
    static Decision noBranches() {
        return new Decision(List.of(), null, Map.of());
    }

    /**
     * A batch plan: one worker per cursor, named {@code {workerTemplateName}_{batchId}}.
     *
     * @param workerTemplateName the {@code batch_worker} step the workers are made from
     * @param cursors one cursor range per worker (see {@link CursorConfig#split})
     * @param totalItems how many items the plan covers (informational)
     */
    static Batches createBatches(String workerTemplateName, List<CursorConfig> cursors, long totalItems) {
        if (cursors == null || cursors.isEmpty()) {
            throw new IllegalArgumentException("createBatches needs at least one cursor; use noBatches() for none");
        }
        return new Batches(
                Objects.requireNonNull(workerTemplateName, "workerTemplateName"), cursors, totalItems, Map.of());
    }

    /** No work to split: the engine creates one no-op placeholder worker so convergence still runs. */
    static Batches noBatches() {
        return new Batches(null, List.of(), 0, Map.of());
    }

    /** No work to split, naming the worker template for the placeholder. */
    static Batches noBatches(@Nullable String workerTemplateName) {
        return new Batches(workerTemplateName, List.of(), 0, Map.of());
    }

    /**
     * Saves progress and asks to be called again in the same attempt.
     *
     * @param cursor where to resume (any JSON-able value)
     * @param itemsProcessed items processed so far in total
     * @param accumulatedResults running totals to hand to the next call (may be null)
     */
    static CheckpointYield checkpointYield(
            @Nullable Object cursor, long itemsProcessed, @Nullable Object accumulatedResults) {
        return new CheckpointYield(cursor, itemsProcessed, accumulatedResults, Map.of());
    }

    private static String orEmpty(@Nullable String message) {
        return message == null ? "" : message;
    }

    private static Map<String, Object> copy(@Nullable Map<String, ?> metadata) {
        return metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** See {@link StepHandlerResult#success(Object)}. @param result the result, converted to JSON */
    record Success(@Nullable Object result, Map<String, Object> metadata) implements StepHandlerResult {
        /** Copies the metadata. */
        public Success {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }

    /**
     * See {@link StepHandlerResult#failure(String, ErrorType, boolean)}.
     *
     * @param message what went wrong
     * @param errorType the kind of failure
     * @param retryable whether another attempt may help
     * @param metadata extra data stored with the failure
     * @param retryAfter a delay replacing the computed backoff, or null
     * @param errorCode an application error code, or null
     */
    record Failure(
            String message,
            ErrorType errorType,
            boolean retryable,
            Map<String, Object> metadata,
            @Nullable Duration retryAfter,
            @Nullable String errorCode)
            implements StepHandlerResult {
        /** Checks the arguments. */
        public Failure {
            Objects.requireNonNull(errorType, "errorType");
            message = message == null ? "" : message;
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
            if (retryAfter != null && retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
            }
        }

        /** The same failure with a delay that replaces the computed backoff. */
        public Failure withRetryAfter(@Nullable Duration delay) {
            return new Failure(message, errorType, retryable, metadata, delay, errorCode);
        }

        /** The same failure with an application error code. */
        public Failure withErrorCode(@Nullable String code) {
            return new Failure(message, errorType, retryable, metadata, retryAfter, code);
        }
    }

    /**
     * See {@link StepHandlerResult#decision(List)}.
     *
     * @param steps the descendant steps to create; empty means no branches
     * @param routingContext why, stored with the result (may be null)
     * @param metadata extra data stored with the result
     */
    record Decision(List<String> steps, @Nullable Object routingContext, Map<String, Object> metadata)
            implements StepHandlerResult {
        /** Copies the lists. */
        public Decision {
            steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        /** True when the decision creates no step. */
        public boolean noBranches() {
            return steps.isEmpty();
        }
    }

    /**
     * See {@link StepHandlerResult#createBatches(String, List, long)}.
     *
     * @param workerTemplateName the batch_worker step to copy, or null (no batches, template found by the engine)
     * @param cursors one cursor per worker; empty means no batches
     * @param totalItems the number of items planned
     * @param metadata extra data stored with the result
     */
    record Batches(
            @Nullable String workerTemplateName,
            List<CursorConfig> cursors,
            long totalItems,
            Map<String, Object> metadata)
            implements StepHandlerResult {
        /** Copies the lists. */
        public Batches {
            cursors = List.copyOf(Objects.requireNonNull(cursors, "cursors"));
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        /** True when there is nothing to split. */
        public boolean noBatches() {
            return cursors.isEmpty();
        }
    }

    /**
     * See {@link StepHandlerResult#checkpointYield(Object, long, Object)}.
     *
     * @param cursor where to resume
     * @param itemsProcessed items processed so far in total
     * @param accumulatedResults running totals, or null
     * @param metadata extra data
     */
    record CheckpointYield(
            @Nullable Object cursor,
            long itemsProcessed,
            @Nullable Object accumulatedResults,
            Map<String, Object> metadata)
            implements StepHandlerResult {
        /** Checks the arguments. */
        public CheckpointYield {
            if (itemsProcessed < 0) {
                throw new IllegalArgumentException("itemsProcessed must not be negative: " + itemsProcessed);
            }
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }
}
