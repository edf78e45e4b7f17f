package dev.tasker.persistence;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store does when H2 closes an embedded database under it (issue #11: a full disk).
 *
 * <p>When H2 2.5 cannot write its file (a full disk, an I/O error), its MVStore panics and H2 shuts the
 * database down. The JDBC connections opened before stay open but belong to the dead database: every
 * statement on them fails with "The database has been closed" (90098), also once the disk has room again,
 * and HikariCP does not take that code for a broken connection, so a pool keeps handing them out until
 * the process restarts. A connection opened after the shutdown opens the file anew (H2 forgets a closed
 * database), and that database works as soon as the file can be written again.
 *
 * <p>So after such a failure the store closes the database if H2 has not done it yet
 * ({@link #closeBroken}) and drops every connection of its pool: the next unit of work opens the file
 * again, and fails again (cheaply) while the disk is still full. This uses H2's engine classes, which is
 * why the H2 version is pinned.
 */
final class H2Sessions implements Jdbc.FailureHook {
    private static final Logger LOG = LoggerFactory.getLogger(H2Sessions.class);
    /** "The database has been closed". */
    static final int DATABASE_IS_CLOSED = 90098;

    private final DataSource dataSource;
    private final String file;

    /**
     * @param dataSource the store's connections: its own pool, or the application's DataSource
     * @param file the database file, for the log, or null when not known
     */
    H2Sessions(DataSource dataSource, String file) {
        this.dataSource = dataSource;
        this.file = file == null ? "behind the store" : file;
    }

    /**
     * After a failure on {@code connection} (still open): when H2 closed the database, closes what is left of
     * it and drops the pool's connections, so that the next unit of work opens the file again.
     */
    @Override
    public void failed(Connection connection, SQLException failure) {
        if (!closedByFailure(failure)) {
            return;
        }
        closeBroken(connection);
        if (dataSource instanceof HikariDataSource pool) {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            if (bean != null) {
                // Idle connections close now; those in use (this one) when they are given back.
                bean.softEvictConnections();
            }
        } else {
            closePhysically(connection); // another pool: it drops a closed connection when it next checks it
        }
        LOG.debug("H2 closed the database {} after a failure ({}); connections dropped, the next use reopens it",
                file, failure.getMessage());
    }

    private static void closePhysically(Connection connection) {
        try {
            connection.unwrap(org.h2.jdbc.JdbcConnection.class).close();
        } catch (SQLException | RuntimeException e) {
            // closed already
        }
    }

    /**
     * True when the failure means H2 closed (or is about to close) the database behind the connection, so
     * that the connections of the pool are dead: 90098 anywhere in the failure, a failed write of the
     * MVStore, or a full disk.
     */
    static boolean closedByFailure(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == DATABASE_IS_CLOSED) {
                return true;
            }
            if (t instanceof org.h2.mvstore.MVStoreException) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof SQLException sql && sql.getErrorCode() == DATABASE_IS_CLOSED) {
                    return true;
                }
            }
        }
        return SqlFailures.diskFull(failure);
    }

    /**
     * Shuts down the embedded database behind the connection when its store is closed or panicked and H2
     * has not shut the database down itself, so that the next connection opens the file anew. Does nothing
     * for a healthy database, an in-memory one, a client of an H2 server, or a connection that is not H2's.
     */
    static void closeBroken(Connection connection) {
        try {
            if (!connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class)) {
                return;
            }
            org.h2.jdbc.JdbcConnection h2 = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
            if (!(h2.getSession() instanceof org.h2.engine.SessionLocal session)) {
                return;
            }
            org.h2.engine.Database database = session.getDatabase();
            // A database that is closing is out of H2's list already; closing it again would take the name
            // out of that list a second time, and with it a healthy database opened on the file since.
            if (database == null || database.isClosing() || database.getStore() == null) {
                return;
            }
            org.h2.mvstore.MVStore mv = database.getStore().getMvStore();
            if (mv.isClosed() || mv.getPanicException() != null) {
                database.shutdownImmediately();
            }
        } catch (SQLException | RuntimeException e) {
            // The connection is broken beyond asking; dropping it from the pool is all that is left.
        }
    }
}
