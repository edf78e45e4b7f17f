package dev.tasker.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.Checkpoint;
import dev.tasker.api.CursorConfig;
import dev.tasker.api.ErrorType;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskerBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Java twins of the reference's checkpoint-yield handlers (reference §8.4 D3) for
 * {@code python/checkpoint_yield_test.yaml}. The analyzer plans one batch {@code [0, total_items)}; the
 * worker processes items (item {@code i} is worth {@code i + 1}), yields a checkpoint every
 * {@code items_per_checkpoint} items, resumes from the last checkpoint (re-invocation or retry), and fails
 * on request after {@code fail_after_items} items on attempt {@code fail_on_attempt}; the aggregator sums.
 */
final class CheckpointHandlers {
    static final String ANALYZER = "CheckpointYield.StepHandlers.CheckpointYieldAnalyzerHandler";
    static final String WORKER = "CheckpointYield.StepHandlers.CheckpointYieldWorkerHandler";
    static final String AGGREGATOR = "CheckpointYield.StepHandlers.CheckpointYieldAggregatorHandler";
    static final String NS = "python_e2e_checkpoint_yield";
    static final String NAME = "checkpoint_yield_test";

    private CheckpointHandlers() {}

    static TaskerBuilder register(TaskerBuilder b, UnaryOperator<StepHandler> wrapWorker) {
        return b.templates(Conformance.python("checkpoint_yield_test.yaml"))
                .handler(ANALYZER, CheckpointHandlers::analyze)
                .handler(WORKER, wrapWorker.apply(CheckpointHandlers::work))
                .handler(AGGREGATOR, CheckpointHandlers::aggregate);
    }

    static StepHandlerResult analyze(StepContext ctx) {
        long total = ctx.inputData().path("total_items").asLong(100);
        String template = ctx.stepConfig().path("worker_template_name").asText("checkpoint_yield_batch");
        if (total <= 0) {
            return StepHandlerResult.noBatches(template);
        }
        return StepHandlerResult.createBatches(template, List.of(new CursorConfig("001", 0, total, total)), total);
    }

    static StepHandlerResult work(StepContext ctx) {
        JsonNode in = ctx.inputData();
        int perCheckpoint = in.path("items_per_checkpoint")
                .asInt(ctx.stepConfig().path("items_per_checkpoint").asInt(25));
        Integer failAfter =
                in.hasNonNull("fail_after_items") ? in.get("fail_after_items").asInt() : null;
        int failOnAttempt = in.path("fail_on_attempt").asInt(1);
        boolean permanent = in.path("permanent_failure").asBoolean(false);
        JsonNode cursor = ctx.stepInputs().get("cursor");
        long end = cursor.get("end_cursor").asLong();

        long at;
        long processed;
        long runningTotal;
        List<String> ids = new ArrayList<>();
        Checkpoint cp = ctx.checkpoint().orElse(null);
        if (cp != null) {
            at = cp.cursor().asLong();
            processed = cp.itemsProcessed();
            runningTotal = cp.accumulatedResults().get("running_total").asLong();
            cp.accumulatedResults().get("item_ids").forEach(n -> ids.add(n.asText()));
        } else {
            at = cursor.get("start_cursor").asLong();
            processed = 0;
            runningTotal = 0;
        }
        int inChunk = 0;
        while (at < end) {
            if (failAfter != null && processed >= failAfter && ctx.attempt() == failOnAttempt) {
                String message = "Injected " + (permanent ? "permanent" : "transient") + " failure after " + processed
                        + " items";
                return StepHandlerResult.failure(
                        message,
                        permanent ? ErrorType.PERMANENT_ERROR : ErrorType.RETRYABLE_ERROR,
                        !permanent,
                        Map.of("items_processed", processed, "cursor_at_failure", at));
            }
            runningTotal += at + 1;
            ids.add(String.format("item_%04d", at));
            at++;
            inChunk++;
            processed++;
            if (inChunk >= perCheckpoint && at < end) {
                return StepHandlerResult.checkpointYield(
                        at, processed, Map.of("running_total", runningTotal, "item_ids", ids));
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("running_total", runningTotal);
        meta.put("item_ids", ids);
        meta.put("final_cursor", at);
        meta.put("checkpoints_used", processed / perCheckpoint);
        meta.put("checkpoints_saved", cp == null ? 0 : cp.count());
        return StepHandlerResult.success(Map.of(
                "items_processed", processed, "items_succeeded", processed, "items_failed", 0, "batch_metadata", meta));
    }

    static StepHandlerResult aggregate(StepContext ctx) {
        Map<String, JsonNode> workers = ctx.getDependencyResults("checkpoint_yield_batch_");
        long total = 0;
        long runningTotal = 0;
        long checkpointsUsed = 0;
        long checkpointsSaved = 0;
        List<String> ids = new ArrayList<>();
        int count = 0;
        for (JsonNode r : workers.values()) {
            if (r.path("no_op").asBoolean(false)) {
                continue;
            }
            count++;
            total += r.get("items_processed").asLong();
            JsonNode meta = r.get("batch_metadata");
            runningTotal += meta.get("running_total").asLong();
            meta.get("item_ids").forEach(n -> ids.add(n.asText()));
            checkpointsUsed += meta.get("checkpoints_used").asLong();
            checkpointsSaved += meta.get("checkpoints_saved").asLong();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_processed", total);
        out.put("running_total", runningTotal);
        out.put("item_count", ids.size());
        out.put("distinct_items", ids.stream().distinct().count());
        out.put("checkpoints_used", checkpointsUsed);
        out.put("checkpoints_saved", checkpointsSaved);
        out.put("worker_count", count);
        out.put("test_passed", true);
        out.put("scenario", count == 0 ? "no_batches" : "with_batches");
        return StepHandlerResult.success(out);
    }
}
