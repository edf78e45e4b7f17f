package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.internal.support.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to run a task made from a template. Make one with {@link #of} and refine it with the
 * {@code with...} methods (each returns a new request).
 *
 * @param namespace the template's {@code namespace_name}
 * @param name the template's {@code name}
 * @param version the template's version, or null for the latest loaded
 * @param context the task input (a JSON object)
 * @param idempotencyKey a caller's dedup key, or null
 * @param priority higher runs first when steps queue for capacity (default 0)
 * @param correlationId for tracing, or null to generate one
 * @param parentCorrelationId the correlation id of what started this, or null
 * @param tags free labels
 * @param initiator who asked, or null
 * @param sourceSystem which system asked, or null
 * @param reason why, or null
 * @param runAt when the task may start (by the engine's clock), or null for now; see {@link #runAt(Instant)}
 * @param startDelay how long after its submission the task may start, or null; see {@link #delay(Duration)}
 */
public record TaskRequest(
        String namespace,
        String name,
        @Nullable String version,
        JsonNode context,
        @Nullable String idempotencyKey,
        int priority,
        @Nullable String correlationId,
        @Nullable String parentCorrelationId,
        List<String> tags,
        @Nullable String initiator,
        @Nullable String sourceSystem,
        @Nullable String reason,
        @Nullable Instant runAt,
        @Nullable Duration startDelay) {

    /** A request that starts when submitted (the record's form before delayed starts). */
    public TaskRequest(
            String namespace,
            String name,
            @Nullable String version,
            JsonNode context,
            @Nullable String idempotencyKey,
            int priority,
            @Nullable String correlationId,
            @Nullable String parentCorrelationId,
            List<String> tags,
            @Nullable String initiator,
            @Nullable String sourceSystem,
            @Nullable String reason) {
        this(
                namespace,
                name,
                version,
                context,
                idempotencyKey,
                priority,
                correlationId,
                parentCorrelationId,
                tags,
                initiator,
                sourceSystem,
                reason,
                null,
                null);
    }

    /** Checks the fields; the context must be a JSON object. */
    public TaskRequest {
        requireText(namespace, "namespace");
        requireText(name, "name");
        context = context == null || context.isNull() ? Json.object() : context;
        if (!context.isObject()) {
            throw new IllegalArgumentException("the task context must be a JSON object, got "
                    + context.getNodeType().name().toLowerCase());
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (runAt != null && startDelay != null) {
            throw new IllegalArgumentException(
                    "a task request has a start time (runAt " + runAt + ") or a delay (" + startDelay + "), not both");
        }
        if (startDelay != null && startDelay.isNegative()) {
            throw new IllegalArgumentException("a task's start delay must not be negative, got " + startDelay);
        }
    }

    /**
     * The same request, started at {@code at} by the engine's clock (null: when submitted). The task is
     * committed at once (its identity checked at submit, a duplicate answered as usual) in state
     * {@link TaskState#SCHEDULED}; no step runs before {@code at}; it survives restarts and can be cancelled
     * until then. A time not after the submission starts the task at once.
     */
    public TaskRequest runAt(@Nullable Instant at) {
        return new TaskRequest(
                namespace,
                name,
                version,
                context,
                idempotencyKey,
                priority,
                correlationId,
                parentCorrelationId,
                tags,
                initiator,
                sourceSystem,
                reason,
                at,
                null);
    }

    /**
     * The same request, started {@code after} its submission (by the engine's clock at submit); see
     * {@link #runAt(Instant)}. Null or zero: when submitted.
     */
    public TaskRequest delay(@Nullable Duration after) {
        return new TaskRequest(
                namespace,
                name,
                version,
                context,
                idempotencyKey,
                priority,
                correlationId,
                parentCorrelationId,
                tags,
                initiator,
                sourceSystem,
                reason,
                null,
                after);
    }

    /** When the task starts, given the engine's clock at submission: null when at once. */
    public @Nullable Instant startTime(Instant submittedAt) {
        Instant at = runAt != null ? runAt : startDelay != null ? submittedAt.plus(startDelay) : null;
        return at == null || !at.isAfter(submittedAt) ? null : at;
    }

    /**
     * A request for the latest version of {@code namespace/name} with this input.
     *
     * @param context a {@code JsonNode} object, a {@code Map}, a record or POJO (converted with Jackson), or null
     * @throws InvalidInputException when the context cannot be JSON (it contains itself, or nests too deep)
     */
    public static TaskRequest of(String namespace, String name, @Nullable Object context) {
        return new TaskRequest(
                namespace,
                name,
                null,
                Json.toNode(context, "the task context"),
                null,
                0,
                null,
                null,
                List.of(),
                null,
                null,
                null);
    }

    /** The same request for an exact template version. */
    public TaskRequest withVersion(@Nullable String v) {
        return new TaskRequest(
                namespace,
                name,
                v,
                context,
                idempotencyKey,
                priority,
                correlationId,
                parentCorrelationId,
                tags,
                initiator,
                sourceSystem,
                reason,
                runAt,
                startDelay);
    }

    /** The same request with a dedup key, which overrides the template's identity strategy. */
    public TaskRequest withIdempotencyKey(@Nullable String key) {
        return new TaskRequest(
                namespace,
                name,
                version,
                context,
                key,
                priority,
                correlationId,
                parentCorrelationId,
                tags,
                initiator,
                sourceSystem,
                reason,
                runAt,
                startDelay);
    }

    /** The same request with a priority (higher runs first). */
    public TaskRequest withPriority(int p) {
        return new TaskRequest(
                namespace,
                name,
                version,
                context,
                idempotencyKey,
                p,
                correlationId,
                parentCorrelationId,
                tags,
                initiator,
                sourceSystem,
                reason,
                runAt,
                startDelay);
    }

    /** The same request with a correlation id and its parent's. */
    public TaskRequest withCorrelation(@Nullable String id, @Nullable String parentId) {
        return new TaskRequest(
                namespace,
                name,
                version,
                context,
                idempotencyKey,
                priority,
                id,
                parentId,
                tags,
                initiator,
                sourceSystem,
                reason,
                runAt,
                startDelay);
    }

    /** The same request with tags. */
    public TaskRequest withTags(List<String> t) {
        return new TaskRequest(
                namespace,
                name,
                version,
                context,
                idempotencyKey,
                priority,
                correlationId,
                parentCorrelationId,
                t,
                initiator,
                sourceSystem,
                reason,
                runAt,
                startDelay);
    }

    /** The same request saying who asked, from which system and why. */
    public TaskRequest withOrigin(@Nullable String who, @Nullable String system, @Nullable String why) {
        return new TaskRequest(
                namespace,
                name,
                version,
                context,
                idempotencyKey,
                priority,
                correlationId,
                parentCorrelationId,
                tags,
                who,
                system,
                why,
                runAt,
                startDelay);
    }

    /** The context as an object node (never null). */
    ObjectNode contextObject() {
        return (ObjectNode) context;
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
