package dev.tasker.engine.template;

import org.jspecify.annotations.Nullable;

/**
 * The {@code batch_config} block of a {@code batch_worker} step (reference §1.5).
 *
 * @param batchSize       items per worker (default {@value #DEFAULT_BATCH_SIZE})
 * @param parallelism     workers of one batch running at once (default {@value #DEFAULT_PARALLELISM})
 * @param cursorField     the field cursors range over (default {@value #DEFAULT_CURSOR_FIELD})
 * @param workerTemplate  the {@code batch_worker} step instances are made from, or null
 * @param failureStrategy what a failed worker does to its batch (default continue_on_failure)
 */
public record BatchConfiguration(
        int batchSize,
        int parallelism,
        String cursorField,
        @Nullable String workerTemplate,
        FailureStrategy failureStrategy) {

    /** Default of {@code batch_size}. */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** Default of {@code parallelism}. */
    public static final int DEFAULT_PARALLELISM = 10;
    /** Default of {@code cursor_field}. */
    public static final String DEFAULT_CURSOR_FIELD = "id";
    /** Default of {@code failure_strategy}. */
    public static final FailureStrategy DEFAULT_FAILURE_STRATEGY = FailureStrategy.CONTINUE_ON_FAILURE;

    /** Validates the sizes; null cursor field and strategy mean the defaults. */
    public BatchConfiguration {
        Nodes.requirePositive(batchSize, "batch_size");
        Nodes.requirePositive(parallelism, "parallelism");
        cursorField = cursorField == null || cursorField.isBlank() ? DEFAULT_CURSOR_FIELD : cursorField;
        workerTemplate = workerTemplate == null || workerTemplate.isBlank() ? null : workerTemplate;
        failureStrategy = failureStrategy == null ? DEFAULT_FAILURE_STRATEGY : failureStrategy;
    }
}
