package dev.tasker.engine.store.spi;

import dev.tasker.engine.TaskState;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored task.
 *
 * @param taskId the task's id (UUIDv7, time ordered)
 * @param namespace the template namespace
 * @param name the template name
 * @param version the template version
 * @param contextJson the task input as JSON
 * @param identityHash the dedup key (unique when not null)
 * @param priority higher runs first
 * @param correlationId the correlation id (never null)
 * @param parentCorrelationId the parent's correlation id, or null
 * @param initiator who asked, or null
 * @param sourceSystem which system asked, or null
 * @param reason why, or null
 * @param tagsJson a JSON array of tags, or null
 * @param state the current state
 * @param createdAt when it was created
 * @param updatedAt when its state last changed
 * @param completedAt when it reached a terminal state, or null
 * @param nodeId the engine node that owns it, or null
 * @param traceContext the propagation context an instrumentation stored at submit (a W3C traceparent), or null
 * @param runAt when a delayed task may start (engine clock), or null for a task that started when submitted
 */
public record TaskRow(
        UUID taskId,
        String namespace,
        String name,
        String version,
        String contextJson,
        String identityHash,
        int priority,
        String correlationId,
        String parentCorrelationId,
        String initiator,
        String sourceSystem,
        String reason,
        String tagsJson,
        TaskState state,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        String nodeId,
        String traceContext,
        Instant runAt) {

    /** A row of a task that started when submitted. */
    public TaskRow(
            UUID taskId,
            String namespace,
            String name,
            String version,
            String contextJson,
            String identityHash,
            int priority,
            String correlationId,
            String parentCorrelationId,
            String initiator,
            String sourceSystem,
            String reason,
            String tagsJson,
            TaskState state,
            Instant createdAt,
            Instant updatedAt,
            Instant completedAt,
            String nodeId,
            String traceContext) {
        this(
                taskId,
                namespace,
                name,
                version,
                contextJson,
                identityHash,
                priority,
                correlationId,
                parentCorrelationId,
                initiator,
                sourceSystem,
                reason,
                tagsJson,
                state,
                createdAt,
                updatedAt,
                completedAt,
                nodeId,
                traceContext,
                null);
    }

    /** A row without a trace context. */
    public TaskRow(
            UUID taskId,
            String namespace,
            String name,
            String version,
            String contextJson,
            String identityHash,
            int priority,
            String correlationId,
            String parentCorrelationId,
            String initiator,
            String sourceSystem,
            String reason,
            String tagsJson,
            TaskState state,
            Instant createdAt,
            Instant updatedAt,
            Instant completedAt,
            String nodeId) {
        this(
                taskId,
                namespace,
                name,
                version,
                contextJson,
                identityHash,
                priority,
                correlationId,
                parentCorrelationId,
                initiator,
                sourceSystem,
                reason,
                tagsJson,
                state,
                createdAt,
                updatedAt,
                completedAt,
                nodeId,
                null);
    }

    /** The same row owned by {@code owner} (null: queued for whichever node has room). */
    public TaskRow withNodeId(String owner) {
        return new TaskRow(
                taskId,
                namespace,
                name,
                version,
                contextJson,
                identityHash,
                priority,
                correlationId,
                parentCorrelationId,
                initiator,
                sourceSystem,
                reason,
                tagsJson,
                state,
                createdAt,
                updatedAt,
                completedAt,
                owner,
                traceContext,
                runAt);
    }

    /** Checks the required fields. */
    public TaskRow {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(contextJson, "contextJson");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
