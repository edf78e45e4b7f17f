package dev.tasker.persistence;

import dev.tasker.engine.store.StoreException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one place where a {@link SQLException} becomes the {@link StoreException} the port promises:
 * what the store was doing, what the failure means for an operator, and what the database said.
 */
final class SqlFailures {
    private final SqlDialect dialect;
    private final String jdbcUrl;

    /**
     * @param dialect the dialect, or null before it is known
     * @param jdbcUrl the URL the store connects with, or null for an application's DataSource
     */
    SqlFailures(SqlDialect dialect, String jdbcUrl) {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
    }

    /** @param doing what the store was doing, e.g. "apply a write batch of 12 rows" */
    StoreException translate(String doing, SQLException failure) {
        return new StoreException("Could not " + doing + ": " + meaning(failure) + " [database said: "
                + saidBy(failure) + "]", failure);
    }

    private String meaning(SQLException failure) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        // First: a full disk is often reported as a closed database with the I/O error as its cause.
        if (diskFull(failure) || state.equals("53100")) {
            return H2Dialect.databaseFile(jdbcUrl)
                    .map(file -> "the disk holding the database file " + file + " is full (free space there:"
                            + " the store reopens the file by itself)")
                    .orElse("the disk holding the database is full");
        }
        if (dialect != null) {
            var explained = dialect.explain(failure, jdbcUrl);
            if (explained.isPresent()) {
                return explained.get();
            }
        }
        if (state.startsWith("08")) {
            return "the database cannot be reached or the connection was lost";
        }
        if (state.startsWith("23")) {
            return "a row breaks a constraint of the schema (a duplicate key, a missing value)";
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return "the database aborted the transaction because it conflicted with another one";
        }
        return "the database refused the operation";
    }

    /**
     * True when the failure, one of its causes, suppressed or chained ({@link SQLException#getNextException()},
     * where a JDBC batch keeps the real failure) exceptions is the operating system saying the disk is full.
     */
    static boolean diskFull(Throwable failure) {
        return anyOf(failure, t -> {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            return message.contains("no space left on device") || message.contains("not enough space on the disk")
                    || message.contains("disk full");
        });
    }

    /** True when the test holds for the failure or any exception it carries (bounded: chains can be circular). */
    static boolean anyOf(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        next.add(failure);
        while (!next.isEmpty() && seen.size() < 64) {
            Throwable t = next.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                next.add(t.getCause());
            }
            next.addAll(List.of(t.getSuppressed()));
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                next.add(sql.getNextException());
            }
        }
        return false;
    }

    private static String saidBy(SQLException failure) {
        return "SQLState " + failure.getSQLState() + ", code " + failure.getErrorCode() + ": " + failure.getMessage();
    }
}
