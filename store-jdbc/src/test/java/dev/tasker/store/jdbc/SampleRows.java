package dev.tasker.store.jdbc;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.StepUpdate;
import dev.tasker.engine.store.spi.TaskRow;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Valid rows for tests, with microsecond timestamps (what the store keeps). */
public final class SampleRows {
    public static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    private SampleRows() {}

    /** A running task with the optional columns empty. */
    public static TaskRow task(UUID taskId, Instant createdAt) {
        return task(taskId, "billing", "invoice", TaskState.STEPS_IN_PROCESS, createdAt);
    }

    public static TaskRow task(UUID taskId, String namespace, String name, TaskState state, Instant createdAt) {
        return new TaskRow(
                taskId,
                namespace,
                name,
                "1.0.0",
                "{\"order\":1}",
                null,
                0,
                "corr-" + taskId,
                null,
                null,
                null,
                null,
                null,
                state,
                createdAt,
                createdAt,
                state.isTerminal() ? createdAt : null,
                null);
    }

    public static TaskRow withIdentity(TaskRow row, String identityHash) {
        return new TaskRow(
                row.taskId(),
                row.namespace(),
                row.name(),
                row.version(),
                row.contextJson(),
                identityHash,
                row.priority(),
                row.correlationId(),
                row.parentCorrelationId(),
                row.initiator(),
                row.sourceSystem(),
                row.reason(),
                row.tagsJson(),
                row.state(),
                row.createdAt(),
                row.updatedAt(),
                row.completedAt(),
                row.nodeId());
    }

    public static StepRow step(UUID stepId, UUID taskId, String name, StepState state) {
        return new StepRow(stepId, taskId, name, name, "standard", state, 0, 3, true, "{}", null, null, T0, T0, null);
    }

    /** The writes of one finished attempt: in_progress to complete. */
    public static StepUpdate completion(UUID stepId, int attempt, Instant at) {
        return new StepUpdate(stepId, StepState.IN_PROGRESS, StepState.COMPLETE, attempt, null, at, at, at);
    }

    /** A finished attempt that records its result. */
    public static StepUpdate completion(UUID stepId, UUID taskId, int attempt, Instant at, String resultJson) {
        return new StepUpdate(
                stepId,
                StepState.IN_PROGRESS,
                StepState.COMPLETE,
                attempt,
                null,
                at,
                at,
                at,
                result(stepId, taskId, attempt, at, resultJson));
    }

    public static StepResultRow result(UUID stepId, UUID taskId, int attempt, Instant at, String resultJson) {
        return new StepResultRow(stepId, taskId, true, resultJson, null, "{\"elapsed_ms\":3}", attempt, at);
    }

    public static StepTransitionRow transition(
            UUID taskId, UUID stepId, String name, StepState from, StepState to, int attempt, Instant at) {
        return new StepTransitionRow(taskId, stepId, name, from, to, at, attempt, "node-1", "engine", null, null);
    }

    /** The schema versions this release knows for a dialect, in order. */
    public static List<Integer> knownVersions(SqlDialect dialect) {
        return Migrations.load(dialect).stream()
                .map(Migrations.Migration::version)
                .sorted()
                .toList();
    }

    /** The newest of {@link #knownVersions}. */
    public static int newestVersion(SqlDialect dialect) {
        List<Integer> versions = knownVersions(dialect);
        return versions.get(versions.size() - 1);
    }
}
