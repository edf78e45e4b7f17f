package dev.tasker.store.jdbc;

import dev.tasker.engine.StepState;
import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StepUpdate;
import java.sql.SQLException;

/**
 * How step rows, guarded step updates and step results map onto {@code tasker_steps}. A step's latest
 * result is kept on its row (schema V3): the update that records an outcome writes it, every other
 * update leaves it alone.
 */
final class StepTable {
    static final Table TABLE = new Table(
            "tasker_steps",
            "step_id",
            "task_id",
            "name",
            "template_step_name",
            "step_type",
            "state",
            "attempts",
            "max_attempts",
            "retryable",
            "inputs_json",
            "next_attempt_at",
            "last_attempted_at",
            "created_at",
            "updated_at",
            "completed_at");
    static final String INSERT = TABLE.insert();
    static final String GUARDED_UPDATE = "UPDATE tasker_steps SET state = ?, attempts = ?, next_attempt_at = ?,"
            + " last_attempted_at = ?, updated_at = ?, completed_at = ? WHERE step_id = ? AND state = ?";
    static final String GUARDED_UPDATE_WITH_RESULT = "UPDATE tasker_steps SET state = ?, attempts = ?,"
            + " next_attempt_at = ?, last_attempted_at = ?, updated_at = ?, completed_at = ?, result_success = ?,"
            + " result_json = ?, error_json = ?, result_metadata_json = ?, result_attempt = ?, result_recorded_at = ?"
            + " WHERE step_id = ? AND state = ?";
    /** The columns {@link #TABLE} lists, then the result's, for {@link #readResult}. */
    static final String SELECT_WITH_RESULT = TABLE.select()
            .replace(
                    " FROM ",
                    ", result_success, result_json,"
                            + " error_json, result_metadata_json, result_attempt, result_recorded_at, waiting_reason FROM ");
    /** Why a step waits (schema V14): written only for steps that wait, unguarded (it is no state change). */
    static final String SET_WAITING_REASON = "UPDATE tasker_steps SET waiting_reason = ? WHERE step_id = ?";

    private StepTable() {}

    static void bindWaitingReason(Parameters p, dev.tasker.engine.store.spi.WriteBatch.WaitingReason row)
            throws SQLException {
        p.text(row.reason()).uuid(row.stepId());
    }

    static void bindInsert(Parameters p, StepRow row) throws SQLException {
        p.uuid(row.stepId())
                .uuid(row.taskId())
                .text(row.name())
                .text(row.templateStepName())
                .text(row.stepType())
                .state(row.state())
                .integer(row.attempts())
                .integer(row.maxAttempts())
                .bool(row.retryable())
                .json(row.inputsJson())
                .instant(row.nextAttemptAt())
                .instant(row.lastAttemptedAt())
                .instant(row.createdAt())
                .instant(row.updatedAt())
                .instant(row.completedAt());
    }

    /** Binds {@link #GUARDED_UPDATE}, or {@link #GUARDED_UPDATE_WITH_RESULT} when the update has a result. */
    static void bindUpdate(Parameters p, StepUpdate update) throws SQLException {
        p.state(update.newState())
                .integer(update.attempts())
                .instant(update.nextAttemptAt())
                .instant(update.lastAttemptedAt())
                .instant(update.updatedAt())
                .instant(update.completedAt());
        StepResultRow r = update.result();
        if (r != null) {
            p.bool(r.success())
                    .json(r.resultJson())
                    .json(r.errorJson())
                    .json(r.metadataJson())
                    .integer(r.attempt())
                    .instant(r.recordedAt());
        }
        p.uuid(update.stepId()).state(update.expected());
    }

    /** A step from a {@link #SELECT_WITH_RESULT} row (its waiting reason with it). */
    static StepRow read(ResultRow row) throws SQLException {
        return new StepRow(
                row.uuid("step_id"),
                row.uuid("task_id"),
                row.text("name"),
                row.text("template_step_name"),
                row.text("step_type"),
                StepState.fromWireName(row.text("state")),
                row.integer("attempts"),
                row.integer("max_attempts"),
                row.bool("retryable"),
                row.json("inputs_json"),
                row.instant("next_attempt_at"),
                row.instant("last_attempted_at"),
                row.instant("created_at"),
                row.instant("updated_at"),
                row.instant("completed_at"),
                row.text("waiting_reason"));
    }

    /** The step's result from a {@link #SELECT_WITH_RESULT} row, or null when it has none. */
    static StepResultRow readResult(ResultRow row) throws SQLException {
        Boolean success = row.nullableBool("result_success");
        if (success == null) {
            return null;
        }
        return new StepResultRow(
                row.uuid("step_id"),
                row.uuid("task_id"),
                success,
                row.json("result_json"),
                row.json("error_json"),
                row.json("result_metadata_json"),
                row.integer("result_attempt"),
                row.instant("result_recorded_at"));
    }
}
