package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.ErrorType;
import dev.tasker.engine.internal.support.Json;
import java.time.Duration;

/**
 * What one handler invocation produced, already converted to JSON on the handler's thread so the
 * engine loop only records it.
 */
public sealed interface Outcome {

    /** Metadata to store with the result: the handler's own plus timing. */
    ObjectNode metadata();

    /** The step completed with a result. {@code kind} marks decision and batch outcomes. */
    record Succeeded(JsonNode result, String resultJson, ObjectNode metadata, Kind kind) implements Outcome {}

    /** The attempt failed. */
    record Failed(
            String message,
            ErrorType type,
            boolean retryable,
            Duration retryAfter,
            String errorCode,
            ObjectNode metadata,
            ObjectNode diagnostics)
            implements Outcome {

        /** A failure with no exception behind it (a returned failure, a timeout). */
        Failed(
                String message,
                ErrorType type,
                boolean retryable,
                Duration retryAfter,
                String errorCode,
                ObjectNode metadata) {
            this(message, type, retryable, retryAfter, errorCode, metadata, null);
        }

        /** @return the stack trace of the exception behind the failure, or null */
        String stackTrace() {
            return diagnostics == null ? null : diagnostics.path("stack_trace").asText(null);
        }

        ObjectNode toJson() {
            ObjectNode n = Json.object();
            n.put("message", message);
            n.put("error_type", type.wireName());
            n.put("retryable", retryable);
            if (errorCode != null) {
                n.put("error_code", errorCode);
            }
            if (retryAfter != null) {
                n.put("retry_after_ms", retryAfter.toMillis());
            }
            if (diagnostics != null) {
                n.setAll(diagnostics); // causes, stack_trace
            }
            return n;
        }
    }

    /** The handler saved a checkpoint and asks to be called again in the same attempt. */
    record Yielded(JsonNode cursor, long itemsProcessed, JsonNode accumulated, ObjectNode metadata)
            implements Outcome {}

    /** Which kind of success: a plain result, or one that plans more steps. */
    enum Kind {
        RESULT,
        DECISION,
        BATCHES
    }
}
