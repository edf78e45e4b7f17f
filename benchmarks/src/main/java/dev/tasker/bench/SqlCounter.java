package dev.tasker.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Counts what the engine sends to its database ({@code --count-sql}): a {@link DataSource} that wraps another
 * and hands out connections whose statements count their calls. A <i>round trip</i> is a call that waits for
 * the database: one {@code execute*} of a statement, one {@code executeBatch} (the driver sends the whole
 * batch at once), one {@code commit} or {@code rollback}. <i>Executions</i> are what the database runs: one
 * per single statement, one per row of a batch. <i>Rows written</i> are the update counts the driver
 * returns (a row of a batch whose count is unknown counts as one).
 *
 * <p>Only the benchmark uses it, through the builder's {@code dataSource}; the engine's own pool and hot path
 * do not know it exists. Counting is by reflection, so its figures are counts, not timings.
 */
final class SqlCounter {
    /** The counts of one statement text. */
    static final class Counts {
        final LongAdder roundTrips = new LongAdder();
        final LongAdder executions = new LongAdder();
        final LongAdder rowsWritten = new LongAdder();
    }

    /** What a {@link #snapshot} holds for one statement. */
    record Line(String sql, long roundTrips, long executions, long rowsWritten) {}

    private final Map<String, Counts> bySql = new ConcurrentHashMap<>();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();

    /** The counted view of {@code target}. */
    DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target, (method, args, result) -> {
            if (result instanceof Connection c && method.getName().equals("getConnection")) {
                return connection(c);
            }
            return result;
        });
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (method, args, result) -> {
            switch (method.getName()) {
                case "commit" -> commits.increment();
                case "rollback" -> {
                    if (args == null || args.length == 0) {
                        rollbacks.increment();
                    }
                }
                case "prepareStatement" -> {
                    return statement(PreparedStatement.class, (PreparedStatement) result, (String) args[0]);
                }
                case "createStatement" -> {
                    return statement(Statement.class, (Statement) result, null);
                }
                default -> {
                    // passed through
                }
            }
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, S target, String preparedSql) {
        int[] batched = new int[1];
        List<String> batchedSql = new ArrayList<>();
        return proxy(type, target, (method, args, result) -> {
            String name = method.getName();
            if (name.equals("addBatch")) {
                batched[0]++;
                if (args != null && args.length == 1) {
                    batchedSql.add((String) args[0]);
                }
                return result;
            }
            if (name.equals("clearBatch")) {
                batched[0] = 0;
                batchedSql.clear();
                return result;
            }
            if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                String sql = preparedSql != null ? preparedSql : String.join("; ", batchedSql);
                Counts counts = counts(sql);
                counts.roundTrips.increment();
                counts.executions.add(batched[0]);
                counts.rowsWritten.add(written(result));
                batched[0] = 0;
                batchedSql.clear();
                return result;
            }
            if (name.startsWith("execute")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
                Counts counts = counts(sql == null ? "(unknown)" : sql);
                counts.roundTrips.increment();
                counts.executions.increment();
                if (result instanceof Integer n) {
                    counts.rowsWritten.add(Math.max(0, n));
                } else if (result instanceof Long n) {
                    counts.rowsWritten.add(Math.max(0, n));
                } else if (result instanceof Boolean isQuery && !isQuery) {
                    counts.rowsWritten.add(Math.max(0, target.getUpdateCount()));
                }
            }
            return result;
        });
    }

    private static long written(Object counts) {
        long n = 0;
        if (counts instanceof int[] ints) {
            for (int c : ints) {
                n += c == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, c);
            }
        } else if (counts instanceof long[] longs) {
            for (long c : longs) {
                n += c == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, c);
            }
        }
        return n;
    }

    private Counts counts(String sql) {
        return bySql.computeIfAbsent(normalize(sql), k -> new Counts());
    }

    /**
     * The statement as the breakdown names it: whitespace collapsed, and a multi-row {@code VALUES} list cut to
     * its first row, so that one insert sent with different row counts is one line.
     */
    static String normalize(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        int values = s.indexOf(" VALUES (");
        if (values >= 0) {
            int end = s.indexOf(')', values);
            int next = end < 0 ? -1 : s.indexOf(", (", end);
            if (next == end + 1) {
                int close = s.lastIndexOf(')');
                int tail = s.indexOf(" ON CONFLICT", end);
                s = s.substring(0, end + 1) + ", ..."
                        + (tail >= 0 ? s.substring(tail) : close < s.length() - 1 ? s.substring(close + 1) : "");
            }
        }
        return s;
    }

    /** Everything counted so far, statement by statement, most round trips first. */
    List<Line> snapshot() {
        List<Line> lines = new ArrayList<>();
        bySql.forEach(
                (sql, c) -> lines.add(new Line(sql, c.roundTrips.sum(), c.executions.sum(), c.rowsWritten.sum())));
        lines.sort(Comparator.comparingLong(Line::roundTrips)
                .thenComparingLong(Line::executions)
                .reversed());
        return lines;
    }

    long commits() {
        return commits.sum();
    }

    long rollbacks() {
        return rollbacks.sum();
    }

    /** A moment's counts, to subtract from a later one (the measured window). */
    record Mark(Map<String, Line> lines, long commits, long rollbacks) {}

    Mark mark() {
        Map<String, Line> lines = new java.util.HashMap<>();
        for (Line l : snapshot()) {
            lines.put(l.sql(), l);
        }
        return new Mark(lines, commits(), rollbacks());
    }

    /**
     * Prints the counts since {@code from}, per unit (a diamond, a task) and per step: totals, then the
     * {@code top} statements by round trips.
     */
    String report(Mark from, long units, String unit, int stepsPerUnit, int top) {
        Mark now = mark();
        List<Line> delta = new ArrayList<>();
        for (Line l : now.lines().values()) {
            Line before = from.lines().get(l.sql());
            long rt = l.roundTrips() - (before == null ? 0 : before.roundTrips());
            long ex = l.executions() - (before == null ? 0 : before.executions());
            long rw = l.rowsWritten() - (before == null ? 0 : before.rowsWritten());
            if (rt > 0 || ex > 0) {
                delta.add(new Line(l.sql(), rt, ex, rw));
            }
        }
        delta.sort(Comparator.comparingLong(Line::roundTrips)
                .thenComparingLong(Line::executions)
                .reversed());
        long commitsN = now.commits() - from.commits();
        long rollbacksN = now.rollbacks() - from.rollbacks();
        long rt = delta.stream().mapToLong(Line::roundTrips).sum() + commitsN + rollbacksN;
        long ex = delta.stream().mapToLong(Line::executions).sum();
        long rw = delta.stream().mapToLong(Line::rowsWritten).sum();
        double u = Math.max(1, units);
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "SQL counted over %d %ss (%d steps): per %s %.2f round trips (%.2f commits), %.2f statement"
                        + " executions, %.2f rows written; per step %.2f round trips, %.2f executions, %.2f rows"
                        + " written%n",
                units,
                unit,
                units * stepsPerUnit,
                unit,
                rt / u,
                commitsN / u,
                ex / u,
                rw / u,
                rt / u / stepsPerUnit,
                ex / u / stepsPerUnit,
                rw / u / stepsPerUnit));
        out.append(String.format(
                "  totals: %d round trips = %d statement calls + %d commits + %d rollbacks; %d executions, %d rows"
                        + " written%n",
                rt, rt - commitsN - rollbacksN, commitsN, rollbacksN, ex, rw));
        out.append(String.format("  %10s %10s %10s  statement (per %s)%n", "trips", "execs", "rows", unit));
        for (Line l : delta.subList(0, Math.min(top, delta.size()))) {
            String sql = l.sql().length() > 150 ? l.sql().substring(0, 147) + "..." : l.sql();
            out.append(String.format(
                    "  %10.3f %10.3f %10.3f  %s%n", l.roundTrips() / u, l.executions() / u, l.rowsWritten() / u, sql));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap")
                    && args != null
                    && args[0] instanceof Class<?> c
                    && c.isInstance(proxy)) {
                return proxy;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, args, result);
        };
        return (T) Proxy.newProxyInstance(SqlCounter.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** What a proxy does after the call went through: counts it, and may wrap what it returned. */
    @FunctionalInterface
    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }
}
