package dev.tasker.store.jdbc;

import dev.tasker.engine.store.StoreDataException;
import dev.tasker.engine.store.StoreException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one place where a {@link SQLException} becomes the {@link StoreException} the port promises:
 * what the store was doing, what the failure means for an operator, and what the database said.
 */
public final class SqlFailures {
    /** How much of a driver's message (for failures that are not about the data) an error repeats. */
    private static final int MAX_DRIVER_TEXT = 300;

    private final SqlDialect dialect;
    private final String jdbcUrl;

    /**
     * @param dialect the dialect, or null before it is known
     * @param jdbcUrl the URL the store connects with, or null for an application's DataSource
     */
    public SqlFailures(SqlDialect dialect, String jdbcUrl) {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * @param doing what the store was doing, e.g. "apply a write batch of 12 rows"
     * @return the failure as the port's exception: a {@link StoreDataException} when the rows written are at
     *     fault ({@link SqlFailureKind}); the message names the statement (operation and table) and the
     *     SQLState, and never the driver's text for a data error (PostgreSQL's quotes every value of the
     *     batch); the cause carries the SQLState and vendor code only, so that no log line repeats values
     */
    public StoreException translate(String doing, SQLException raw) {
        String statement = raw instanceof FailedStatement f ? f.statement() : null;
        SQLException failure = raw instanceof FailedStatement f ? f.original() : raw;
        boolean data = SqlFailureKind.isDataError(failure);
        String state = SqlFailureKind.state(failure);
        String said = "SQLState " + state + ", code " + failure.getErrorCode()
                + (statement == null ? "" : ", statement " + statement) + driverText(failure, data);
        SQLException cause = new SQLException("database said: " + said, state, failure.getErrorCode());
        String message = "Could not " + doing + ": " + meaning(failure, data) + " [database said: " + said + "]";
        return data ? new StoreDataException(message, cause) : new StoreException(message, cause);
    }

    private static String driverText(SQLException failure, boolean data) {
        if (data) {
            return " (the database's message is not shown: it may quote the values written)";
        }
        String text = SqlFailureKind.innermostMessage(failure);
        if (text == null || text.isBlank()) {
            return "";
        }
        text = text.strip();
        return ": " + (text.length() > MAX_DRIVER_TEXT ? text.substring(0, MAX_DRIVER_TEXT) + "..." : text);
    }

    private String meaning(SQLException failure, boolean data) {
        String found = SqlFailureKind.state(failure);
        String state = found == null ? "" : found;
        // First: a full disk is often reported as a closed database with the I/O error as its cause.
        if (diskFull(failure) || state.equals("53100")) {
            return (dialect == null ? Optional.<String>empty() : dialect.databaseFile(jdbcUrl))
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
            return "a row breaks a constraint of the schema ("
                    + switch (state) {
                        case "23505" -> "a duplicate key";
                        case "23502" -> "a missing value";
                        case "23503" -> "a reference to a row that does not exist";
                        case "23513", "23514" -> "a check constraint";
                        default -> "a duplicate key, a missing value";
                    }
                    + ")";
        }
        if (data) {
            return "the database refused a value written (it cannot store it: encoding, size or format)";
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
    public static boolean diskFull(Throwable failure) {
        return anyOf(failure, t -> {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            return message.contains("no space left on device")
                    || message.contains("not enough space on the disk")
                    || message.contains("disk full");
        });
    }

    /** True when the test holds for the failure or any exception it carries (bounded: chains can be circular). */
    public static boolean anyOf(Throwable failure, Predicate<Throwable> test) {
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
}
