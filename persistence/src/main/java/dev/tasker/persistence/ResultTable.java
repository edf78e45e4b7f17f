package dev.tasker.persistence;

import dev.tasker.engine.store.StepResultRow;
import java.sql.SQLException;

/** How step results map onto {@code tasker_step_results} (one row per step, replaced). */
final class ResultTable {
    static final Table TABLE = new Table("tasker_step_results", "step_id", "task_id", "success", "result_json",
            "error_json", "metadata_json", "attempt", "recorded_at");
    static final String KEY = "step_id";

    private ResultTable() {
    }

    static void bind(Parameters p, StepResultRow row) throws SQLException {
        p.uuid(row.stepId()).uuid(row.taskId()).bool(row.success()).json(row.resultJson()).json(row.errorJson())
                .json(row.metadataJson()).integer(row.attempt()).instant(row.recordedAt());
    }

    static StepResultRow read(ResultRow row) throws SQLException {
        return new StepResultRow(row.uuid("step_id"), row.uuid("task_id"), row.bool("success"),
                row.json("result_json"), row.json("error_json"), row.json("metadata_json"), row.integer("attempt"),
                row.instant("recorded_at"));
    }
}
