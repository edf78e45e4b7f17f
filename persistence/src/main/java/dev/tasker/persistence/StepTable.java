package dev.tasker.persistence;

import dev.tasker.engine.StepState;
import dev.tasker.engine.store.StepRow;
import dev.tasker.engine.store.StepUpdate;
import java.sql.SQLException;

/** How step rows and guarded step updates map onto {@code tasker_steps}. */
final class StepTable {
    static final Table TABLE = new Table("tasker_steps", "step_id", "task_id", "name", "template_step_name",
            "step_type", "state", "attempts", "max_attempts", "retryable", "inputs_json", "next_attempt_at",
            "last_attempted_at", "created_at", "updated_at", "completed_at");
    static final String INSERT = TABLE.insert();
    static final String GUARDED_UPDATE = "UPDATE tasker_steps SET state = ?, attempts = ?, next_attempt_at = ?,"
            + " last_attempted_at = ?, updated_at = ?, completed_at = ? WHERE step_id = ? AND state = ?";

    private StepTable() {
    }

    static void bindInsert(Parameters p, StepRow row) throws SQLException {
        p.uuid(row.stepId()).uuid(row.taskId()).text(row.name()).text(row.templateStepName()).text(row.stepType())
                .state(row.state()).integer(row.attempts()).integer(row.maxAttempts()).bool(row.retryable())
                .json(row.inputsJson()).instant(row.nextAttemptAt()).instant(row.lastAttemptedAt())
                .instant(row.createdAt()).instant(row.updatedAt()).instant(row.completedAt());
    }

    static void bindUpdate(Parameters p, StepUpdate update) throws SQLException {
        p.state(update.newState()).integer(update.attempts()).instant(update.nextAttemptAt())
                .instant(update.lastAttemptedAt()).instant(update.updatedAt()).instant(update.completedAt())
                .uuid(update.stepId()).state(update.expected());
    }

    static StepRow read(ResultRow row) throws SQLException {
        return new StepRow(row.uuid("step_id"), row.uuid("task_id"), row.text("name"),
                row.text("template_step_name"), row.text("step_type"), StepState.fromWireName(row.text("state")),
                row.integer("attempts"), row.integer("max_attempts"), row.bool("retryable"),
                row.json("inputs_json"), row.instant("next_attempt_at"), row.instant("last_attempted_at"),
                row.instant("created_at"), row.instant("updated_at"), row.instant("completed_at"));
    }
}
