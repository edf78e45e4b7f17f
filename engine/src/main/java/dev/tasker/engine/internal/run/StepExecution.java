package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.CursorConfig;
import dev.tasker.api.ErrorType;
import dev.tasker.api.PermanentError;
import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.internal.support.ErrorText;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.JsonMapping;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One handler invocation, run on its own (virtual) thread: calls the handler, classifies what came
 * back or was thrown (SPEC §3 "Exceptions from handlers"), converts results to JSON here rather than
 * on the engine loop, and hands the {@link Outcome} back. The only {@code catch (Throwable)} besides the
 * loop's own: an {@link Error} in a handler is contained to its step.
 */
public final class StepExecution implements Runnable {
    private final StepHandler handler;
    private final EngineStepContext context;
    private final InstantSource clock;
    private final ValueLimits limits;
    private final JsonMapping json;
    private final String nodeId;
    private final Consumer<Outcome> reply;
    /** The instrumentations' view of the attempt (they make their context current around the handler), or null. */
    private final Observers.Attempt observed;
    /** What the handler threw, or null; written before the outcome is posted, read by the loop after. */
    volatile Throwable thrown;

    private static final int NOT_STARTED = 0;
    private static final int RUNNING = 1;
    private static final int RETURNED = 2;
    private final AtomicInteger phase = new AtomicInteger(NOT_STARTED);
    /** Set by the launcher right after submitting; read by the engine loop only. */
    Future<?> future;

    StepExecution(
            StepHandler handler,
            EngineStepContext context,
            InstantSource clock,
            ValueLimits limits,
            JsonMapping json,
            String nodeId,
            Observers.Attempt observed,
            Consumer<Outcome> reply) {
        this.json = json;
        this.observed = observed;
        this.nodeId = nodeId;
        this.handler = handler;
        this.context = context;
        this.clock = clock;
        this.limits = limits;
        this.reply = reply;
    }

    @Override
    public void run() {
        if (!phase.compareAndSet(NOT_STARTED, RUNNING)) {
            return; // cancelled before it started: the engine already knows no handler runs
        }
        // The MDC keys hold for the whole run, the handler's own lines included; closing restores the
        // thread's previous values whatever happens (exception, timeout interrupt, Error).
        try (LogContext ignored = LogContext.step(
                context.taskId(),
                context.namespace(),
                context.taskName(),
                context.stepName(),
                context.attempt(),
                nodeId)) {
            if (observed == null) {
                runHandler();
                return;
            }
            try (dev.tasker.engine.observe.HandlerScope scope = observed.enterHandler()) {
                runHandler();
            }
        }
    }

    private void runHandler() {
        long started = clock.millis();
        Outcome outcome = null;
        try {
            outcome = classify(handler.call(context));
        } catch (Throwable t) {
            thrown = t;
            outcome = fromThrowable(t);
        } finally {
            // Whatever happened above (even a failure while describing the failure), the engine hears
            // of the attempt now, and learns that its handler has returned.
            if (outcome == null) {
                outcome = failed("the handler's failure could not be described", ErrorType.HANDLER_ERROR, true);
            }
            try {
                outcome = limits.bound(outcome);
            } catch (RuntimeException e) {
                outcome = failed(
                        "the handler's outcome could not be checked against the size limits: " + ErrorText.describe(e),
                        ErrorType.PERMANENT_ERROR,
                        false);
            }
            outcome.metadata().put("execution_time_ms", Math.max(0, clock.millis() - started));
            phase.set(RETURNED);
            reply.accept(outcome);
        }
    }

    /**
     * Called by the engine when it interrupts the attempt.
     *
     * @return true when the handler had not started and now never will (no handler thread to wait for)
     */
    boolean preventStart() {
        return phase.compareAndSet(NOT_STARTED, RETURNED);
    }

    private Outcome classify(StepHandlerResult result) {
        if (result == null) {
            return failed(
                    "handler returned null; a handler must return a StepHandlerResult",
                    ErrorType.PERMANENT_ERROR,
                    false);
        }
        try {
            return switch (result) {
                case StepHandlerResult.Success s ->
                    succeeded(json.toNode(s.result(), "the step result"), s.metadata(), Outcome.Kind.RESULT);
                case StepHandlerResult.Failure f ->
                    new Outcome.Failed(
                            f.message(),
                            f.errorType(),
                            f.retryable(),
                            f.retryAfter(),
                            f.errorCode(),
                            meta(f.metadata()));
                case StepHandlerResult.Decision d -> succeeded(decisionJson(d), d.metadata(), Outcome.Kind.DECISION);
                case StepHandlerResult.Batches b -> succeeded(batchJson(b), b.metadata(), Outcome.Kind.BATCHES);
                case StepHandlerResult.CheckpointYield y ->
                    new Outcome.Yielded(
                            json.toNode(y.cursor(), "the checkpoint"),
                            y.itemsProcessed(),
                            y.accumulatedResults() == null
                                    ? null
                                    : json.toNode(y.accumulatedResults(), "the checkpoint"),
                            meta(y.metadata()));
            };
        } catch (InvalidInputException e) {
            return new Outcome.Failed(
                    "the handler's result cannot be stored: " + e.getMessage(),
                    ErrorType.PERMANENT_ERROR,
                    false,
                    null,
                    ValueLimits.INVALID_RESULT,
                    Json.object());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed(
                    "the handler's result cannot be stored as JSON: " + e.getMessage(),
                    ErrorType.PERMANENT_ERROR,
                    false);
        }
    }

    private Outcome succeeded(JsonNode result, Map<String, Object> metadata, Outcome.Kind kind) {
        InvalidInputException shape = limits.shape("the step result", result); // checked before it is written
        if (shape != null) {
            return new Outcome.Failed(
                    shape.getMessage(),
                    ErrorType.PERMANENT_ERROR,
                    false,
                    null,
                    ValueLimits.INVALID_RESULT,
                    Json.object());
        }
        return new Outcome.Succeeded(result, Json.write(result), meta(metadata), kind);
    }

    private JsonNode decisionJson(StepHandlerResult.Decision d) {
        ObjectNode outcome = Json.object();
        if (d.noBranches()) {
            outcome.put("type", "no_branches");
        } else {
            outcome.put("type", "create_steps");
            d.steps().forEach(outcome.putArray("step_names")::add);
        }
        ObjectNode n = Json.object();
        n.set("decision_point_outcome", outcome);
        if (d.routingContext() != null) {
            n.set("routing_context", json.toNode(d.routingContext(), "the routing context"));
        }
        return n;
    }

    private JsonNode batchJson(StepHandlerResult.Batches b) {
        ObjectNode outcome = Json.object();
        if (b.noBatches()) {
            outcome.put("type", "no_batches");
        } else {
            outcome.put("type", "create_batches");
            outcome.put("worker_count", b.cursors().size());
            // Written field by field: the mapper would name the record's components in camelCase (batchId),
            // but workers, the step names ({template}_{batch_id}) and the reference read snake_case.
            var configs = outcome.putArray("cursor_configs");
            for (CursorConfig c : b.cursors()) {
                ObjectNode n = configs.addObject();
                n.put("batch_id", c.batchId());
                n.set("start_cursor", json.toNode(c.startCursor(), "a batch cursor"));
                n.set("end_cursor", json.toNode(c.endCursor(), "a batch cursor"));
                n.put("batch_size", c.batchSize());
            }
            outcome.put("total_items", b.totalItems());
        }
        if (b.workerTemplateName() != null) {
            outcome.put("worker_template_name", b.workerTemplateName());
        }
        ObjectNode n = Json.object();
        n.set("batch_processing_outcome", outcome);
        return n;
    }

    /**
     * The outcome of a thrown exception, with its cause chain and a bounded stack trace; never throws,
     * even when the exception's own methods do.
     */
    static Outcome fromThrowable(Throwable t) {
        ObjectNode diagnostics = ErrorText.diagnostics(t);
        if (t instanceof PermanentError p) {
            return new Outcome.Failed(
                    ErrorText.message(p),
                    ErrorType.PERMANENT_ERROR,
                    false,
                    null,
                    errorCode(p),
                    Json.object(),
                    diagnostics);
        }
        if (t instanceof RetryableError r) {
            return new Outcome.Failed(
                    ErrorText.message(r),
                    ErrorType.RETRYABLE_ERROR,
                    true,
                    retryAfter(r),
                    errorCode(r),
                    Json.object(),
                    diagnostics);
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new Outcome.Failed(
                ErrorText.describe(t), ErrorType.HANDLER_ERROR, true, null, null, Json.object(), diagnostics);
    }

    private static String errorCode(Throwable t) {
        try {
            return t instanceof PermanentError p ? p.errorCode() : ((RetryableError) t).errorCode();
        } catch (RuntimeException broken) {
            return null;
        }
    }

    private static java.time.Duration retryAfter(RetryableError r) {
        try {
            return r.retryAfter();
        } catch (RuntimeException broken) {
            return null;
        }
    }

    private static Outcome failed(String message, ErrorType type, boolean retryable) {
        return new Outcome.Failed(message, type, retryable, null, null, Json.object());
    }

    private ObjectNode meta(Map<String, Object> metadata) {
        ObjectNode n = Json.object();
        if (!metadata.isEmpty()) {
            n.set("custom", json.toNode(metadata, "the step metadata"));
        }
        return n;
    }
}
