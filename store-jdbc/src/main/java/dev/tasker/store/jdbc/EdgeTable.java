package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.EdgeRow;
import java.sql.SQLException;

/**
 * How edges map onto {@code tasker_step_edges} (key: task, from, to, name; since schema V3 the task leads,
 * so that the key's index also serves the per-task reads).
 */
final class EdgeTable {
    static final Table TABLE = new Table("tasker_step_edges", "task_id", "from_step_id", "to_step_id", "name");
    static final String[] KEY = {"task_id", "from_step_id", "to_step_id", "name"};

    private EdgeTable() {}

    static void bind(Parameters p, EdgeRow row) throws SQLException {
        p.uuid(row.taskId()).uuid(row.fromStepId()).uuid(row.toStepId()).text(row.name());
    }

    static EdgeRow read(ResultRow row) throws SQLException {
        return new EdgeRow(row.uuid("task_id"), row.uuid("from_step_id"), row.uuid("to_step_id"), row.text("name"));
    }
}
