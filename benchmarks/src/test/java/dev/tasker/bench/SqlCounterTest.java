package dev.tasker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class SqlCounterTest {
    /** A DataSource over the H2 driver (in memory), without a compile-time dependency on H2. */
    private static DataSource h2() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        return (DataSource) Proxy.newProxyInstance(
                SqlCounterTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return DriverManager.getConnection(url);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void counts_round_trips_executions_rows_and_commits_by_statement() throws Exception {
        SqlCounter counter = new SqlCounter();
        DataSource counted = counter.wrap(h2());
        try (Connection c = counted.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
            }
            c.commit();
            SqlCounter.Mark mark = counter.mark();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    p.setInt(1, i);
                    p.setString(2, "x");
                    p.addBatch();
                }
                assertEquals(3, p.executeBatch().length);
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE t SET v = ? WHERE id < ?")) {
                p.setString(1, "y");
                p.setInt(2, 2);
                assertEquals(2, p.executeUpdate());
            }
            c.commit();
            String report = counter.report(mark, 2, "diamond", 4, 10);
            // 2 statement calls + 1 commit over 2 units; 3 + 1 executions; 3 + 2 rows
            assertTrue(
                    report.contains("per diamond 1.50 round trips (0.50 commits), 2.00 statement executions,"
                            + " 2.50 rows written"),
                    report);
            assertTrue(report.contains("INSERT INTO t (id, v) VALUES (?, ?)"), report);
            List<SqlCounter.Line> lines = counter.snapshot();
            SqlCounter.Line insert = lines.stream()
                    .filter(l -> l.sql().startsWith("INSERT"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(1, insert.roundTrips());
            assertEquals(3, insert.executions());
            assertEquals(3, insert.rowsWritten());
        }
    }

    @Test
    void a_multi_row_values_list_is_one_statement_in_the_breakdown() {
        assertEquals(
                "INSERT INTO t (a, b) VALUES (?, ?), ... ON CONFLICT (a) DO NOTHING",
                SqlCounter.normalize(
                        "INSERT INTO t (a, b) VALUES (?, ?), (?, ?),\n (?, ?) ON CONFLICT (a) DO NOTHING"));
        assertEquals("SELECT 1 FROM t WHERE a = ?", SqlCounter.normalize("SELECT 1\n  FROM t WHERE a = ?"));
    }
}
