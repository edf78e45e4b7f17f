package dev.tasker.store.jdbc;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement's failure, named by its operation and table ({@code INSERT tasker_tasks}) so that an error can
 * say which write failed without quoting the statement or the values bound to it. Carries the driver's
 * SQLState and vendor code; the driver's own exception is its cause, for classification only.
 */
final class FailedStatement extends SQLException {
    private static final long serialVersionUID = 1L;
    private static final Pattern TABLE = Pattern.compile("(?i)\\b(tasker_[a-z_]+)\\b");

    private final String statement;

    private FailedStatement(String statement, SQLException failure) {
        super(statement, failure.getSQLState(), failure.getErrorCode(), failure);
        this.statement = statement;
    }

    /** Wraps the driver's failure of {@code sql} (a failure already wrapped stays as it is). */
    static SQLException of(String sql, SQLException failure) {
        return failure instanceof FailedStatement ? failure : new FailedStatement(describe(sql), failure);
    }

    /** "INSERT tasker_tasks": the statement's first keyword and the first table it names. */
    static String describe(String sql) {
        String trimmed = sql.strip();
        int space = trimmed.indexOf(' ');
        String operation = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        Matcher table = TABLE.matcher(trimmed);
        return table.find() ? operation + " " + table.group(1).toLowerCase(Locale.ROOT) : operation;
    }

    /** The operation and table. */
    String statement() {
        return statement;
    }

    /** The driver's own failure. */
    SQLException original() {
        return (SQLException) getCause();
    }
}
