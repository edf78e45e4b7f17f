package dev.tasker.persistence;

import dev.tasker.engine.store.StoreException;
import java.sql.SQLException;
import java.util.Locale;

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

    /** True when the failure, or one of its causes, is the operating system saying the disk is full. */
    static boolean diskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device") || message.contains("not enough space on the disk")
                    || message.contains("disk full")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String saidBy(SQLException failure) {
        return "SQLState " + failure.getSQLState() + ", code " + failure.getErrorCode() + ": " + failure.getMessage();
    }
}
