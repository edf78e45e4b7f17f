package dev.tasker.store.jdbc;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import java.sql.SQLException;

/**
 * How the append-only audits map onto {@code tasker_task_transitions} and
 * {@code tasker_step_transitions}; the database numbers each row (an identity column), and that
 * number is the order the transitions are read back in.
 */
final class TransitionTables {
    static final Table TASK = new Table(
            "tasker_task_transitions",
            "task_id",
            "from_state",
            "to_state",
            "occurred_at",
            "node_id",
            "actor",
            "reason",
            "metadata_json");
    static final Table STEP = new Table(
            "tasker_step_transitions",
            "task_id",
            "step_id",
            "step_name",
            "from_state",
            "to_state",
            "occurred_at",
            "attempt",
            "node_id",
            "actor",
            "reason",
            "metadata_json");
    static final String SELECT_TASK = TASK.select() + " WHERE task_id = ? ORDER BY id";
    static final String SELECT_STEP = STEP.select() + " WHERE task_id = ? ORDER BY id";

    private TransitionTables() {}

    static void bindTask(Parameters p, TaskTransitionRow row) throws SQLException {
        p.uuid(row.taskId())
                .state(row.fromState())
                .state(row.toState())
                .instant(row.at())
                .text(row.nodeId())
                .text(row.actor())
                .text(row.reason())
                .json(row.metadataJson());
    }

    static void bindStep(Parameters p, StepTransitionRow row) throws SQLException {
        p.uuid(row.taskId())
                .uuid(row.stepId())
                .text(row.stepName())
                .state(row.fromState())
                .state(row.toState())
                .instant(row.at())
                .integer(row.attempt())
                .text(row.nodeId())
                .text(row.actor())
                .text(row.reason())
                .json(row.metadataJson());
    }

    static TaskTransitionRow readTask(ResultRow row) throws SQLException {
        String from = row.text("from_state");
        return new TaskTransitionRow(
                row.uuid("task_id"),
                from == null ? null : TaskState.fromWireName(from),
                TaskState.fromWireName(row.text("to_state")),
                row.instant("occurred_at"),
                row.text("node_id"),
                row.text("actor"),
                row.text("reason"),
                row.json("metadata_json"));
    }

    static StepTransitionRow readStep(ResultRow row) throws SQLException {
        String from = row.text("from_state");
        return new StepTransitionRow(
                row.uuid("task_id"),
                row.uuid("step_id"),
                row.text("step_name"),
                from == null ? null : StepState.fromWireName(from),
                StepState.fromWireName(row.text("to_state")),
                row.instant("occurred_at"),
                row.integer("attempt"),
                row.text("node_id"),
                row.text("actor"),
                row.text("reason"),
                row.json("metadata_json"));
    }
}
