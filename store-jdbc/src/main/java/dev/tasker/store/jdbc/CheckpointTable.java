package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.CheckpointRow;
import java.sql.SQLException;

/** How checkpoints map onto {@code tasker_step_checkpoints} (one row per step, replaced). */
final class CheckpointTable {
    static final Table TABLE =
            new Table("tasker_step_checkpoints", "step_id", "task_id", "checkpoint_json", "saved_at");
    static final String KEY = "step_id";

    private CheckpointTable() {}

    static void bind(Parameters p, CheckpointRow row) throws SQLException {
        p.uuid(row.stepId()).uuid(row.taskId()).json(row.checkpointJson()).instant(row.savedAt());
    }

    static CheckpointRow read(ResultRow row) throws SQLException {
        return new CheckpointRow(
                row.uuid("step_id"), row.uuid("task_id"), row.json("checkpoint_json"), row.instant("saved_at"));
    }
}
