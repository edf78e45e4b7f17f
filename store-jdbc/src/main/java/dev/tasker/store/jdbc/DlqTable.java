package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.DlqEntryRow;
import dev.tasker.engine.store.spi.DlqResolution;
import java.sql.SQLException;

/**
 * How DLQ entries map onto {@code tasker_dlq}. {@code pending_task_id} holds the task id while the entry
 * is pending (its unique key keeps one pending entry per task) and null once resolved.
 */
final class DlqTable {
    static final Table TABLE = new Table(
            "tasker_dlq",
            "entry_id",
            "task_id",
            "pending_task_id",
            "dlq_reason",
            "resolution_status",
            "task_snapshot",
            "notes",
            "resolved_by",
            "created_at",
            "updated_at",
            "resolved_at");
    static final String KEY = "pending_task_id";
    static final String RESOLVE = "UPDATE tasker_dlq SET resolution_status = ?, notes = ?, resolved_by = ?,"
            + " updated_at = ?, resolved_at = ?, pending_task_id = NULL WHERE entry_id = ? AND resolution_status = 'pending'";

    /** Resolves a task's pending entry, if any (the unique key on {@code pending_task_id} finds it). */
    static final String RESOLVE_PENDING =
            "UPDATE tasker_dlq SET resolution_status = ?, notes = ?, resolved_by = ?, updated_at = ?, resolved_at = ?,"
                    + " pending_task_id = NULL WHERE pending_task_id = ? AND resolution_status = 'pending'";

    private DlqTable() {}

    static void bindResolution(Parameters p, DlqResolution r) throws SQLException {
        p.text(r.status())
                .text(r.notes())
                .text(r.resolvedBy())
                .instant(r.at())
                .instant(r.at())
                .uuid(r.taskId());
    }

    static void bind(Parameters p, DlqEntryRow row) throws SQLException {
        boolean pending = DlqEntryRow.PENDING.equals(row.resolutionStatus());
        p.uuid(row.entryId())
                .uuid(row.taskId())
                .uuid(pending ? row.taskId() : null)
                .text(row.reason())
                .text(row.resolutionStatus())
                .json(row.snapshotJson())
                .text(row.notes())
                .text(row.resolvedBy())
                .instant(row.createdAt())
                .instant(row.updatedAt())
                .instant(row.resolvedAt());
    }

    static DlqEntryRow read(ResultRow row) throws SQLException {
        return new DlqEntryRow(
                row.uuid("entry_id"),
                row.uuid("task_id"),
                row.text("dlq_reason"),
                row.text("resolution_status"),
                row.json("task_snapshot"),
                row.text("notes"),
                row.text("resolved_by"),
                row.instant("created_at"),
                row.instant("updated_at"),
                row.instant("resolved_at"));
    }
}
