package dev.tasker.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The last progress a step saved with {@link StepHandlerResult#checkpointYield}. A handler resumes
 * from {@link #cursor()}; items after the checkpoint may be processed again, so keep them idempotent.
 *
 * @param cursor where to resume
 * @param itemsProcessed items processed up to the checkpoint
 * @param accumulatedResults running totals saved with it (may be null)
 * @param savedAt when it was saved (engine clock), or null when the stored checkpoint has no time
 * @param count how many checkpoints the step has saved in all
 */
public record Checkpoint(
        @Nullable JsonNode cursor,
        long itemsProcessed,
        @Nullable JsonNode accumulatedResults,
        @Nullable Instant savedAt,
        int count) {}
