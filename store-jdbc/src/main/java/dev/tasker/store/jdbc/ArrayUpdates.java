package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepUpdate;
import dev.tasker.engine.store.spi.TaskUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A write batch's guarded task and step updates as one statement per round (PostgreSQL, with {@link ArrayInserts}):
 * {@code UPDATE ... FROM unnest(text[], ...) WITH ORDINALITY ... WHERE key = v.key AND state = v.expected RETURNING
 * v.ord}, tasks and steps as two data-modifying {@code WITH} items. The ordinals returned are the updates that
 * matched their row, which is what the per-row counts of a JDBC batch said: an update not returned counted 0, and
 * the batch is stale and rolled back as before.
 *
 * <p>{@code UPDATE ... FROM} changes a row at most once per statement, so updates of one row must not share a
 * statement: the k-th update of a row goes into round k, which keeps every row's updates in list order (a failed
 * attempt, then the claim of its retry); updates of different rows do not depend on each other's order.
 * An update without a result leaves the result columns as they are (a flag per row), as the plain statement did.
 * The tasks' guard is written {@code (x.state = v.expected) IS TRUE} so that no plan can look the row up through
 * the index on (state, created_at, task_id), which would scan every task in that state: only the primary key fits.
 */
final class ArrayUpdates {
    private static final String TASKS = "t AS (UPDATE tasker_tasks x SET state = v.c0, updated_at = CAST(v.c1 AS"
            + " timestamptz), completed_at = CAST(v.c2 AS timestamptz) FROM unnest(" + arrays(5) + ") WITH ORDINALITY"
            + " AS v(c0, c1, c2, c3, c4, ord) WHERE x.task_id = CAST(v.c3 AS uuid) AND (x.state = v.c4) IS TRUE RETURNING v.ord)";
    private static final String STEPS = "s AS (UPDATE tasker_steps x SET state = v.c0, attempts = CAST(v.c1 AS int4),"
            + " next_attempt_at = CAST(v.c2 AS timestamptz), last_attempted_at = CAST(v.c3 AS timestamptz),"
            + " updated_at = CAST(v.c4 AS timestamptz), completed_at = CAST(v.c5 AS timestamptz),"
            + " result_success = CASE WHEN v.r = 't' THEN CAST(v.c6 AS boolean) ELSE x.result_success END,"
            + " result_json = CASE WHEN v.r = 't' THEN v.c7 ELSE x.result_json END,"
            + " error_json = CASE WHEN v.r = 't' THEN v.c8 ELSE x.error_json END,"
            + " result_metadata_json = CASE WHEN v.r = 't' THEN v.c9 ELSE x.result_metadata_json END,"
            + " result_attempt = CASE WHEN v.r = 't' THEN CAST(v.c10 AS int4) ELSE x.result_attempt END,"
            + " result_recorded_at = CASE WHEN v.r = 't' THEN CAST(v.c11 AS timestamptz) ELSE x.result_recorded_at END"
            + " FROM unnest(" + arrays(15) + ") WITH ORDINALITY AS v(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11,"
            + " c12, c13, r, ord) WHERE x.step_id = CAST(v.c12 AS uuid) AND x.state = v.c13 RETURNING v.ord)";
    static final String BOTH =
            "WITH " + TASKS + ", " + STEPS + " SELECT 0 AS k, ord FROM t UNION ALL SELECT 1, ord FROM s";
    static final String TASKS_ONLY = "WITH " + TASKS + " SELECT 0 AS k, ord FROM t";
    static final String STEPS_ONLY = "WITH " + STEPS + " SELECT 1 AS k, ord FROM s";

    private final SqlDialect dialect;

    ArrayUpdates(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** The counts (1 matched, 0 not) of the task updates and of the step updates, each in list order. */
    record Counts(int[] tasks, int[] steps) {}

    Counts apply(Connection c, List<TaskUpdate> tasks, List<StepUpdate> steps) throws SQLException {
        int[] taskCounts = new int[tasks.size()];
        int[] stepCounts = new int[steps.size()];
        List<List<Integer>> taskRounds =
                rounds(tasks.stream().map(TaskUpdate::taskId).toList());
        List<List<Integer>> stepRounds =
                rounds(steps.stream().map(StepUpdate::stepId).toList());
        for (int round = 0; round < Math.max(taskRounds.size(), stepRounds.size()); round++) {
            List<Integer> t = round < taskRounds.size() ? taskRounds.get(round) : List.of();
            List<Integer> s = round < stepRounds.size() ? stepRounds.get(round) : List.of();
            update(c, tasks, t, steps, s, taskCounts, stepCounts);
        }
        return new Counts(taskCounts, stepCounts);
    }

    /** The indexes of the updates, by round: the k-th update of an id is in round k. */
    private static List<List<Integer>> rounds(List<UUID> ids) {
        List<List<Integer>> rounds = new ArrayList<>();
        Map<UUID, Integer> seen = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            int round = seen.merge(ids.get(i), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        return rounds;
    }

    private void update(
            Connection c,
            List<TaskUpdate> tasks,
            List<Integer> taskIndexes,
            List<StepUpdate> steps,
            List<Integer> stepIndexes,
            int[] taskCounts,
            int[] stepCounts)
            throws SQLException {
        if (taskIndexes.isEmpty() && stepIndexes.isEmpty()) {
            return;
        }
        String sql = taskIndexes.isEmpty() ? STEPS_ONLY : stepIndexes.isEmpty() ? TASKS_ONLY : BOTH;
        Jdbc.markWrote();
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(c, statement, 1, tasks, taskIndexes, steps, stepIndexes);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int ordinal = (int) rows.getLong(2) - 1;
                    if (rows.getInt(1) == 0) {
                        taskCounts[taskIndexes.get(ordinal)]++;
                    } else {
                        stepCounts[stepIndexes.get(ordinal)]++;
                    }
                }
            }
        } catch (SQLException e) {
            String table = dialect.failedTable(e)
                    .orElse(
                            taskIndexes.isEmpty()
                                    ? "tasker_steps"
                                    : stepIndexes.isEmpty() ? "tasker_tasks" : "tasker_tasks, tasker_steps");
            throw FailedStatement.of("UPDATE " + table, e);
        }
    }

    /**
     * The {@code WITH} items of {@link #BOTH} for a larger statement: {@code t} (the task updates) and/or {@code s}
     * (the step updates), each returning the ordinals of the updates that matched; empty when neither.
     */
    static String withItems(boolean tasks, boolean steps) {
        return tasks && steps ? TASKS + ", " + STEPS : tasks ? TASKS : steps ? STEPS : "";
    }

    /**
     * Binds the arrays of the task updates at {@code taskIndexes} then those of the step updates at {@code
     * stepIndexes} (none for an empty list), from {@code index}; returns the next parameter index.
     */
    int bind(
            Connection c,
            PreparedStatement statement,
            int index,
            List<TaskUpdate> tasks,
            List<Integer> taskIndexes,
            List<StepUpdate> steps,
            List<Integer> stepIndexes)
            throws SQLException {
        if (!taskIndexes.isEmpty()) {
            String[][] v = new String[5][taskIndexes.size()];
            for (int k = 0; k < taskIndexes.size(); k++) {
                TaskUpdate u = tasks.get(taskIndexes.get(k));
                v[0][k] = u.newState().wireName();
                v[1][k] = instant(u.updatedAt());
                v[2][k] = instant(u.completedAt());
                v[3][k] = u.taskId().toString();
                v[4][k] = u.expected().wireName();
            }
            index = bind(c, statement, index, v);
        }
        if (!stepIndexes.isEmpty()) {
            String[][] v = new String[15][stepIndexes.size()];
            for (int k = 0; k < stepIndexes.size(); k++) {
                StepUpdate u = steps.get(stepIndexes.get(k));
                v[0][k] = u.newState().wireName();
                v[1][k] = Integer.toString(u.attempts());
                v[2][k] = instant(u.nextAttemptAt());
                v[3][k] = instant(u.lastAttemptedAt());
                v[4][k] = instant(u.updatedAt());
                v[5][k] = instant(u.completedAt());
                StepResultRow r = u.result();
                if (r != null) {
                    v[6][k] = Boolean.toString(r.success());
                    v[7][k] = json(r.resultJson());
                    v[8][k] = json(r.errorJson());
                    v[9][k] = json(r.metadataJson());
                    v[10][k] = Integer.toString(r.attempt());
                    v[11][k] = instant(r.recordedAt());
                }
                v[12][k] = u.stepId().toString();
                v[13][k] = u.expected().wireName();
                v[14][k] = r == null ? "f" : "t";
            }
            index = bind(c, statement, index, v);
        }
        return index;
    }

    private static int bind(Connection c, PreparedStatement statement, int index, String[][] columns)
            throws SQLException {
        for (String[] column : columns) {
            statement.setArray(index++, c.createArrayOf("text", column));
        }
        return index;
    }

    private String json(String value) {
        return value == null ? null : dialect.storableJson(value);
    }

    /** As {@link SqlDialect#setInstant} stores it: truncated to microseconds; ISO 8601 in UTC. */
    private static String instant(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static String arrays(int n) {
        List<String> casts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            casts.add("CAST(? AS text[])");
        }
        return String.join(", ", casts);
    }
}
