package dev.tasker.store.h2;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.tasker.store.jdbc.Jdbc;
import dev.tasker.store.jdbc.SqlFailures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>So after such a failure, before the failed transaction is rolled back, the store closes the database
 * if H2 has not done it yet and closes each of its sessions directly ({@link #closeBroken}: a statement on a
 * dead session, such as the rollback, can spin forever), then drops every connection of its pool: the next
 * unit of work opens the file again, and fails again (cheaply) while the disk is still full. An application's
 * HikariCP DataSource is treated the same; with another pool only the failed connection is closed. This
 * uses H2's engine classes, which is why the H2 version is pinned.
 */
final class H2Sessions implements Jdbc.FailureHook {
    private static final Logger LOG = LoggerFactory.getLogger(H2Sessions.class);
    /** "The database has been closed". */
    static final int DATABASE_IS_CLOSED = 90098;

    /** While the database is down, one borrower a second tries to open it again; the others are refused at once. */
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DataSource dataSource;
    private final String file;
    /** The failure that closed the database, while it stays closed; null when it works. */
    private volatile SQLException down;

    private final AtomicLong nextProbe = new AtomicLong();

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
        down = failure;
        nextProbe.set(System.nanoTime() + PROBE_EVERY_NANOS);
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
        LOG.debug(
                "H2 closed the database {} after a failure ({}); connections dropped, the next use reopens it",
                file,
                failure.getMessage());
    }

    /**
     * Borrows a connection, but while the database is down (H2 closed it after a failure) does not wait for
     * the pool: opening the file fails while the disk is still full (H2 must write to open it: it rolls back
     * what the dead database left open, such as the engine's ownership lock), and the pool would make every
     * borrower wait its whole connection timeout (30 s) for that. Instead one borrower a second opens the file
     * on a connection of its own; the others, and that one when the file cannot be opened yet, get the failure
     * at once. Once it opens, the pool is used again.
     */
    @Override
    public Connection connect(DataSource source) throws SQLException {
        SQLException failure = down;
        if (failure == null) {
            return source.getConnection();
        }
        long now = System.nanoTime();
        long next = nextProbe.get();
        if (now - next < 0 || !nextProbe.compareAndSet(next, now + PROBE_EVERY_NANOS)) {
            throw new SQLException(failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
        }
        if (source instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            try (Connection probe =
                    DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())) {
                probe.getAutoCommit(); // opened: H2 could open (and write) the file again
            } catch (SQLException e) {
                down = e;
                throw e;
            }
        }
        Connection connection = source.getConnection();
        down = null;
        LOG.debug("the database {} opens again", file);
        return connection;
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
        return SqlFailures.anyOf(
                        failure,
                        t -> t instanceof org.h2.mvstore.MVStoreException
                                || t instanceof SQLException sql && sql.getErrorCode() == DATABASE_IS_CLOSED)
                || SqlFailures.diskFull(failure);
    }

    /**
     * When the embedded database behind the connection is dead (its store closed or panicked), shuts it down
     * if H2 has not, so that the next connection opens the file anew, and closes every session of it
     * directly. A session of a dead database must run no statement: in H2 2.5.252 a statement on it may spin
     * forever in {@code MVStore.registerVersionUsage} (with {@code -ea}: "AssertionError: v=.. / cnt=0"), and
     * closing its JDBC connection with a transaction open rolls back with a statement; a closed session is
     * closed without one. Does nothing for a healthy database, an in-memory one, a client of an H2 server,
     * or a connection that is not H2's.
     */
    static void closeBroken(Connection connection) {
        org.h2.engine.SessionLocal session;
        try {
            if (!connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class)
                    || !(connection.unwrap(org.h2.jdbc.JdbcConnection.class).getSession()
                            instanceof org.h2.engine.SessionLocal local)) {
                return;
            }
            session = local;
        } catch (SQLException | RuntimeException e) {
            return;
        }
        org.h2.engine.Database database = session.getDatabase();
        if (database == null || !dead(database)) {
            return;
        }
        // A database that is closing is out of H2's list already; closing it again would take the name out
        // of that list a second time, and with it a healthy database opened on the file since.
        if (!database.isClosing()) {
            quietly(database::shutdownImmediately);
        }
        for (org.h2.engine.SessionLocal other : database.getSessions(false)) {
            quietly(other::close);
        }
        quietly(session::close);
    }

    private static boolean dead(org.h2.engine.Database database) {
        if (database.isClosing() || database.getStore() == null) {
            return true;
        }
        org.h2.mvstore.MVStore mv = database.getStore().getMvStore();
        return mv.isClosed() || mv.getPanicException() != null;
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // what is left of a dead database may fail in any way; it is being thrown away
        }
    }
}
