package dev.tasker.bench;

import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.TaskSummary;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code bench tasklist}: the task list of the dashboard ({@code TaskerOperations.tasks}) on a store holding a
 * million finished tasks. Fills the store by SQL ({@code INSERT ... SELECT} over a number series: 90% complete, 7%
 * error, 3% cancelled, 3 namespaces x 10 templates, one task per second back from now, two steps each), then times
 * pages of 50 through an operator client (the listing query plus the load of the 50 snapshots), p50/p95 over
 * repeats, and prints the database's plan of each listing query. Also times the overview's two counts.
 */
final class TaskListBench {
    private TaskListBench() {}

    record Case(String label, TaskQuery query, String where) {}

    static void run(Bench.Options o) throws Exception {
        int n = o.integer("tasks", 1_000_000);
        int repeats = o.integer("repeats", 50);
        String url = o.text("db", null);
        if (url == null) {
            Path dir = Files.createTempDirectory("tasker-bench-tasklist");
            url = "jdbc:h2:file:" + dir.resolve("tasker").toAbsolutePath();
        }
        boolean postgres = url.startsWith("jdbc:postgresql:");
        // 1. the schema, as the store migrates it
        Tasker.builder().jdbcUrl(url).buildClient().close();
        Instant base;
        UUID middleId;
        Instant middleAt;
        try (Connection c = DriverManager.getConnection(url)) {
            long have = count(c, "SELECT COUNT(*) FROM tasker_tasks");
            if (have < n) {
                long t0 = System.nanoTime();
                fill(c, postgres, have, n);
                System.out.printf(
                        "filled %,d tasks (%,d were there) in %.1f s%n",
                        n - have, have, (System.nanoTime() - t0) / 1e9);
            }
            try (Statement s = c.createStatement()) {
                s.execute(postgres ? "VACUUM ANALYZE" : "ANALYZE");
            }
            System.out.printf(
                    "%s: %,d tasks, %,d steps%n",
                    postgres ? "PostgreSQL" : "H2",
                    count(c, "SELECT COUNT(*) FROM tasker_tasks"),
                    count(c, "SELECT COUNT(*) FROM tasker_steps"));
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT created_at, task_id FROM tasker_tasks"
                            + " ORDER BY created_at DESC, task_id DESC OFFSET " + (n / 2)
                            + " ROWS FETCH NEXT 1 ROWS ONLY")) {
                r.next();
                middleAt = r.getObject(1, java.time.OffsetDateTime.class).toInstant();
                middleId = r.getObject(2, UUID.class);
            }
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT MAX(created_at) FROM tasker_tasks")) {
                r.next();
                base = r.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
        Instant windowFrom = base.minus(Duration.ofDays(5));
        Instant windowTo = windowFrom.plus(Duration.ofHours(1));
        List<Case> cases = List.of(
                new Case("first page, no filter", new TaskQuery(null, null, null, 51, 0), ""),
                new Case("state = error", new TaskQuery(TaskState.ERROR, null, null, 51, 0), "WHERE state = 'error'"),
                new Case(
                        "template ns1/tpl4",
                        new TaskQuery(null, "ns1", "tpl4", 51, 0),
                        "WHERE namespace = 'ns1' AND name = 'tpl4'"),
                new Case(
                        "state = error and template ns1/tpl4",
                        new TaskQuery(TaskState.ERROR, "ns1", "tpl4", 51, 0),
                        "WHERE state = 'error' AND namespace = 'ns1' AND name = 'tpl4'"),
                new Case(
                        "one hour, 5 days back",
                        TaskQuery.all().createdBetween(windowFrom, windowTo),
                        "WHERE created_at >= TIMESTAMP WITH TIME ZONE '" + ts(windowFrom)
                                + "' AND created_at < TIMESTAMP WITH TIME ZONE '" + ts(windowTo) + "'"),
                new Case(
                        "page after the 500,000th task (cursor)",
                        new TaskQuery(null, null, null, 51, 0).after(new TaskQuery.Cursor(middleAt, middleId)),
                        "WHERE created_at <= TIMESTAMP WITH TIME ZONE '" + ts(middleAt)
                                + "' AND (created_at < TIMESTAMP WITH TIME ZONE '" + ts(middleAt) + "' OR task_id < '"
                                + middleId + "')"),
                new Case("offset 10,000 (for comparison)", new TaskQuery(null, null, null, 51, 10_000), ""));
        try (TaskerClient client = Tasker.builder().jdbcUrl(url).buildClient()) {
            for (Case k : cases) {
                List<TaskSummary> page = client.taskSummaries(k.query());
                String timing = time(repeats, () -> client.taskSummaries(k.query()));
                System.out.printf("%-42s %2d rows  %s%n", k.label(), page.size(), timing);
                System.out.printf(
                        "%-42s %s%n",
                        "  as full snapshots (tasks)", time(Math.min(repeats, 20), () -> client.tasks(k.query())));
            }
            System.out.printf(
                    "%-42s %s%n", "overview: tasks by state", time(Math.min(repeats, 20), client::taskCounts));
            System.out.printf(
                    "%-42s %s%n",
                    "overview: step activity, last hour",
                    time(repeats, () -> client.stepActivity(Instant.now().minus(Duration.ofHours(1)))));
        }
        try (Connection c = DriverManager.getConnection(url)) {
            for (Case k : cases) {
                String sql = "SELECT * FROM tasker_tasks " + k.where()
                        + " ORDER BY created_at DESC, task_id DESC OFFSET "
                        + k.query().offset()
                        + " ROWS FETCH NEXT 51 ROWS ONLY";
                System.out.printf("%-42s %s%n", "listing SQL only: " + k.label(), time(repeats, () -> rows(c, sql)));
            }
            for (Case k : cases) {
                String sql = "SELECT * FROM tasker_tasks " + k.where()
                        + " ORDER BY created_at DESC, task_id DESC OFFSET "
                        + k.query().offset()
                        + " ROWS FETCH NEXT 51 ROWS ONLY";
                System.out.println("\n-- " + k.label() + "\n" + explain(c, postgres, sql));
            }
            UUID[] ids = new UUID[51];
            try (Statement s = c.createStatement();
                    ResultSet r =
                            s.executeQuery("SELECT task_id FROM tasker_tasks ORDER BY created_at DESC, task_id DESC"
                                    + " FETCH NEXT 51 ROWS ONLY")) {
                for (int i = 0; r.next(); i++) {
                    ids[i] = r.getObject(1, UUID.class);
                }
            }
            StringBuilder in = new StringBuilder();
            for (UUID id : ids) {
                in.append(in.length() == 0 ? "'" : ", '").append(id).append('\'');
            }
            System.out.println("\n-- step counts of a page (51 tasks)\n"
                    + explain(
                            c,
                            postgres,
                            "SELECT task_id, state, COUNT(*) AS n FROM tasker_steps WHERE task_id IN (" + in
                                    + ") GROUP BY task_id, state"));
            System.out.println("\n-- tasks by state\n"
                    + explain(
                            c,
                            postgres,
                            "SELECT state, COUNT(*) AS n FROM tasker_tasks GROUP BY state ORDER BY state"));
        }
    }

    private static String ts(Instant at) {
        return at.toString().replace('T', ' ').replace("Z", "+00");
    }

    private static void fill(Connection c, boolean postgres, long have, int n) throws SQLException {
        c.setAutoCommit(false);
        String series = postgres
                ? "FROM generate_series(" + (have + 1) + ", " + n + ") AS g(i)"
                : "FROM (SELECT X AS i FROM SYSTEM_RANGE(" + (have + 1) + ", " + n + ")) g";
        String uuid = postgres ? "gen_random_uuid()" : "RANDOM_UUID()";
        String created = "CURRENT_TIMESTAMP - (i * INTERVAL '1' SECOND)";
        String state =
                "CASE WHEN MOD(i, 100) < 90 THEN 'complete' WHEN MOD(i, 100) < 97 THEN 'error' ELSE 'cancelled' END";
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO tasker_tasks (task_id, namespace, name, version, context_json, priority,"
                    + " correlation_id, state, created_at, updated_at, completed_at) SELECT " + uuid + ","
                    + " CONCAT('ns', CAST(MOD(i, 3) AS VARCHAR)), CONCAT('tpl', CAST(MOD(i, 10) AS VARCHAR)), '1.0.0',"
                    + " '{\"order\":1}', 0, CAST(" + uuid + " AS VARCHAR), " + state + ", " + created + ", "
                    + created + ", " + created + " " + series);
            c.commit();
            for (String step : new String[] {"a", "b"}) {
                s.executeUpdate(
                        "INSERT INTO tasker_steps (step_id, task_id, name, template_step_name, step_type, state,"
                                + " attempts, max_attempts, retryable, inputs_json, created_at, updated_at, completed_at,"
                                + " result_success, result_json, result_metadata_json, result_attempt, result_recorded_at) SELECT "
                                + uuid + ", t.task_id, '" + step + "', '"
                                + step
                                + "', 'standard', CASE WHEN t.state = 'complete' THEN 'complete' ELSE 'error' END, 1, 3, TRUE,"
                                + " '{}', t.created_at, t.created_at, t.created_at, TRUE, '{\"ok\":true}', '{}', 1, t.created_at FROM tasker_tasks t"
                                + " WHERE NOT EXISTS (SELECT 1 FROM tasker_steps x WHERE x.task_id = t.task_id AND x.name = '"
                                + step + "')");
                c.commit();
            }
        }
        c.setAutoCommit(true);
    }

    private static int rows(Connection c, String sql) {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int n = 0;
            while (r.next()) {
                n++;
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String explain(Connection c, boolean postgres, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery((postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN ANALYZE ") + sql)) {
            while (r.next()) {
                out.append(r.getString(1)).append('\n');
            }
        }
        return out.toString().strip();
    }

    private static String time(int repeats, Supplier<?> query) {
        for (int i = 0; i < 5; i++) {
            query.get();
        }
        long[] micros = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            query.get();
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(micros);
        return String.format(
                "p50 %.2f ms, p95 %.2f ms, max %.2f ms (%d runs)",
                micros[repeats / 2] / 1000.0,
                micros[repeats * 95 / 100] / 1000.0,
                micros[repeats - 1] / 1000.0,
                repeats);
    }
}
