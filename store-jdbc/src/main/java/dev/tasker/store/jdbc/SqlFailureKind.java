package dev.tasker.store.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * Tells a failure caused by the data of a write (retrying the same rows fails again) from one of the
 * database or the connection (retrying may succeed), by SQLState class: 22 data exception (a NUL that
 * PostgreSQL cannot store, a value too long, a number out of range, malformed JSON), 23 integrity
 * constraint violation, 54 program limit exceeded (a row or a jsonb value too large). Everything else
 * (08 connection, 40 rollback, 53 resources, 55P03 lock, 57 operator intervention, disk) is transient.
 */
public final class SqlFailureKind {
    private SqlFailureKind() {}

    /** True when the rows written, not the database, are at fault. */
    static boolean isDataError(SQLException failure) {
        String state = state(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    /** The first SQLState along the failure's causes and the batch's next exceptions. */
    static String state(SQLException failure) {
        int guard = 0;
        for (Throwable t = failure; t != null && guard++ < 20; t = next(t)) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && !sql.getSQLState().isBlank()) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The innermost message of a driver's failure that is not a batch's summary (which quotes the batch). */
    public static String innermostMessage(SQLException failure) {
        Throwable last = failure;
        int guard = 0;
        for (Throwable t = failure; t != null && guard++ < 20; t = next(t)) {
            if (!(t instanceof BatchUpdateException) && !(t instanceof FailedStatement)) {
                last = t;
                break;
            }
            last = t;
        }
        return last instanceof BatchUpdateException ? null : last.getMessage();
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
