package dev.tasker.store.jdbc;

import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.TaskUpdate;
import java.sql.SQLException;

/** How task rows and guarded task updates map onto {@code tasker_tasks}. */
final class TaskTable {
    static final Table TABLE = new Table(
            "tasker_tasks",
            "task_id",
            "namespace",
            "name",
            "version",
            "context_json",
            "identity_hash",
            "priority",
            "correlation_id",
            "parent_correlation_id",
            "initiator",
            "source_system",
            "reason",
            "tags_json",
            "state",
            "created_at",
            "updated_at",
            "completed_at",
            "node_id",
            "trace_context",
            "run_at");
    static final String INSERT = TABLE.insert();
    static final String GUARDED_UPDATE =
            "UPDATE tasker_tasks SET state = ?, updated_at = ?, completed_at = ?" + " WHERE task_id = ? AND state = ?";

    private TaskTable() {}

    static void bindInsert(Parameters p, TaskRow row) throws SQLException {
        p.uuid(row.taskId())
                .text(row.namespace())
                .text(row.name())
                .text(row.version())
                .json(row.contextJson())
                .text(row.identityHash())
                .integer(row.priority())
                .text(row.correlationId())
                .text(row.parentCorrelationId())
                .text(row.initiator())
                .text(row.sourceSystem())
                .text(row.reason())
                .json(row.tagsJson())
                .state(row.state())
                .instant(row.createdAt())
                .instant(row.updatedAt())
                .instant(row.completedAt())
                .text(row.nodeId())
                .text(row.traceContext())
                .instant(row.runAt());
    }

    static void bindUpdate(Parameters p, TaskUpdate update) throws SQLException {
        p.state(update.newState())
                .instant(update.updatedAt())
                .instant(update.completedAt())
                .uuid(update.taskId())
                .state(update.expected());
    }

    static TaskRow read(ResultRow row) throws SQLException {
        return new TaskRow(
                row.uuid("task_id"),
                row.text("namespace"),
                row.text("name"),
                row.text("version"),
                row.json("context_json"),
                row.text("identity_hash"),
                row.integer("priority"),
                row.text("correlation_id"),
                row.text("parent_correlation_id"),
                row.text("initiator"),
                row.text("source_system"),
                row.text("reason"),
                row.json("tags_json"),
                TaskState.fromWireName(row.text("state")),
                row.instant("created_at"),
                row.instant("updated_at"),
                row.instant("completed_at"),
                row.text("node_id"),
                row.text("trace_context"),
                row.instant("run_at"));
    }
}
