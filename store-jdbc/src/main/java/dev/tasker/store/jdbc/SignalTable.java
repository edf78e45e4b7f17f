package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.SignalRow;
import dev.tasker.engine.store.spi.TaskLinkRow;
import java.sql.SQLException;

/**
 * How signals map onto {@code tasker_signals} (one row per step of a task) and sub-workflow links onto
 * {@code tasker_task_links} (one row per child task).
 */
final class SignalTable {
    static final Table TABLE =
            new Table("tasker_signals", "task_id", "step_name", "payload_json", "received_at", "delivered_at");
    static final String[] KEY = {"task_id", "step_name"};
    static final Table LINKS =
            new Table("tasker_task_links", "child_task_id", "parent_task_id", "parent_step_name", "created_at");
    static final String LINK_KEY = "child_task_id";

    private SignalTable() {}

    static void bind(Parameters p, SignalRow row) throws SQLException {
        p.uuid(row.taskId())
                .text(row.stepName())
                .json(row.payloadJson())
                .instant(row.receivedAt())
                .instant(row.deliveredAt());
    }

    static SignalRow read(ResultRow row) throws SQLException {
        return new SignalRow(
                row.uuid("task_id"),
                row.text("step_name"),
                row.json("payload_json"),
                row.instant("received_at"),
                row.instant("delivered_at"));
    }

    static void bindLink(Parameters p, TaskLinkRow row) throws SQLException {
        p.uuid(row.childTaskId())
                .uuid(row.parentTaskId())
                .text(row.parentStepName())
                .instant(row.createdAt());
    }

    static TaskLinkRow readLink(ResultRow row) throws SQLException {
        return new TaskLinkRow(
                row.uuid("child_task_id"),
                row.uuid("parent_task_id"),
                row.text("parent_step_name"),
                row.instant("created_at"));
    }
}
