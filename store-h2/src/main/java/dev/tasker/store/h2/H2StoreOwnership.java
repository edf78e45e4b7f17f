package dev.tasker.store.h2;

import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.StoreOwnedException;
import dev.tasker.engine.store.spi.NodeRegistry;
import dev.tasker.engine.store.spi.StoreOwnership;
import dev.tasker.store.jdbc.DatabaseModule;
import dev.tasker.store.jdbc.Jdbc;
import dev.tasker.store.jdbc.SqlFailures;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link StoreOwnership} of an H2 database (schema V5, {@code tasker_store_owner}). The owner keeps a
 * connection of its own, outside the pool, whose transaction stays open with row 1 locked
 * ({@code SELECT ... FOR UPDATE}) until the store closes; the lock lives in the database, so it holds
 * against engines of the same JVM (which H2's file lock does not see) and against other JVMs reaching the
 * file through {@code AUTO_SERVER}. It goes when the owner's connection closes: at {@code close()}, or
 * when the owner's process dies. Row 2 describes the owner for the messages of those it refuses.
 *
 * <p>Engines that do not own the database find out whether one does with {@code SKIP LOCKED}, which
 * neither waits nor disturbs the owner.
 */
final class H2StoreOwnership implements DatabaseModule.HeldOwnership {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(H2StoreOwnership.class);
    /** H2's error code for "Timeout trying to lock table". */
    private static final int LOCK_TIMEOUT = 50200;
    /** How long {@link #acquire} waits for the lock: covers another engine's probe, which holds it for a moment. */
    private static final int ACQUIRE_WAIT_MS = 1_000;

    private static final String LOCK = "SELECT id FROM tasker_store_owner WHERE id = 1 FOR UPDATE";
    private static final String PROBE = LOCK + " SKIP LOCKED";
    private static final String DESCRIBE = "SELECT node_id, host, pid, started_at FROM tasker_store_owner WHERE id = 2";
    private static final String RECORD = "UPDATE tasker_store_owner SET node_id = ?, host = ?, pid = ?,"
            + " started_at = CURRENT_TIMESTAMP WHERE id = 2";

    private final Jdbc jdbc;
    private final DatabaseModule.ConnectionSource connections;
    private final String database;
    private final SqlFailures failures;
    private Connection held;
    /** The engine that holds the lock (set by {@link #acquire}), to take it again after an outage. */
    private String nodeId;

    private int lockTimeoutBefore;
    private boolean autoCommitBefore = true;

    /**
     * @param database the database as messages name it (the file, else the URL)
     */
    H2StoreOwnership(Jdbc jdbc, DatabaseModule.ConnectionSource connections, String database, SqlFailures failures) {
        this.jdbc = jdbc;
        this.connections = connections;
        this.database = database;
        this.failures = failures;
    }

    @Override
    public synchronized void acquire(String nodeId) {
        if (held != null) {
            return;
        }
        this.nodeId = nodeId;
        Connection connection;
        try {
            connection = connections.open();
        } catch (SQLException e) {
            throw failures.translate("open a connection to hold the database " + database + " for this engine", e);
        }
        try {
            lockTimeoutBefore = lockTimeout(connection);
            autoCommitBefore = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCK_TIMEOUT " + ACQUIRE_WAIT_MS);
                try (ResultSet row = s.executeQuery(LOCK)) {
                    if (!row.next()) {
                        throw new StoreException("the table tasker_store_owner of " + database
                                + " lacks its lock row (id 1): was it edited by hand? Restore it with"
                                + " INSERT INTO tasker_store_owner (id) VALUES (1)");
                    }
                }
            }
        } catch (SQLException e) {
            release(connection);
            if (e.getErrorCode() == LOCK_TIMEOUT) {
                throw refused();
            }
            throw failures.translate("take the database " + database + " for this engine", e);
        } catch (RuntimeException e) {
            release(connection);
            throw e;
        }
        held = connection;
        jdbc.inTransaction(
                "record this engine as the owner of " + database,
                c -> jdbc.update(
                        c,
                        RECORD,
                        p -> p.text(nodeId)
                                .text(host())
                                .longValue(ProcessHandle.current().pid())));
    }

    private StoreOwnedException refused() {
        return new StoreOwnedException("the database " + database + " is already run by another Tasker engine ("
                + runningOwnerDescription() + "). One engine at a time runs a database's tasks, or every task in"
                + " flight would run twice. Close that engine first (in tests: one engine per database, e.g. one"
                + " per cached application context, or a database per context); for operator work while it"
                + " runs use an operator client (TaskerBuilder.buildClient()) or the command line"
                + " (./tasker cancel ...), with AUTO_SERVER=TRUE in both URLs when they are different processes");
    }

    @Override
    public Optional<String> runningOwner() {
        synchronized (this) {
            if (held != null) {
                return Optional.empty(); // this store is the owner: no *other* engine runs the database
            }
        }
        boolean locked = jdbc.inTransaction("find whether an engine runs the database " + database, c -> {
            try (Statement s = c.createStatement();
                    ResultSet row = s.executeQuery(PROBE)) {
                return !row.next();
            }
        });
        return locked ? Optional.of(runningOwnerDescription()) : Optional.empty();
    }

    private String runningOwnerDescription() {
        List<String> found = jdbc.query("read the owner of " + database, DESCRIBE, Jdbc.NO_PARAMETERS, row -> {
            String node = row.text("node_id");
            if (node == null) {
                return "an engine that has not described itself yet";
            }
            Instant since = row.instant("started_at");
            return "node " + node + ", host " + row.text("host") + ", pid " + row.text("pid") + ", running since "
                    + since;
        });
        return found.isEmpty() ? "an engine that has not described itself" : found.getFirst();
    }

    @Override
    public void requestCancel(UUID taskId, String requestedBy, String reason) {
        jdbc.inTransaction(
                "record the cancel request of task " + taskId,
                c -> jdbc.update(
                        c,
                        "MERGE INTO tasker_cancel_requests t USING (VALUES (CAST(? AS UUID), CAST(? AS VARCHAR),"
                                + " CAST(? AS VARCHAR))) AS r (task_id, requested_by, reason) ON t.task_id = r.task_id"
                                + " WHEN NOT MATCHED THEN INSERT (task_id, requested_by, reason, requested_at)"
                                + " VALUES (r.task_id, r.requested_by, r.reason, CURRENT_TIMESTAMP)",
                        p -> p.uuid(taskId).text(requestedBy).text(reason)));
    }

    @Override
    public List<NodeRegistry.CancelRequest> cancelRequests() {
        return jdbc.query(
                "read the cancel requests",
                "SELECT task_id, requested_by, reason FROM" + " tasker_cancel_requests ORDER BY requested_at, task_id",
                Jdbc.NO_PARAMETERS,
                row -> new NodeRegistry.CancelRequest(
                        row.uuid("task_id"), row.text("requested_by"), row.text("reason")));
    }

    @Override
    public void cancelApplied(UUID taskId) {
        jdbc.inTransaction(
                "forget the cancel request of task " + taskId,
                c -> jdbc.update(c, "DELETE FROM tasker_cancel_requests WHERE task_id = ?", p -> p.uuid(taskId)));
    }

    /**
     * Takes the lock again when H2 closed the database under it (a full disk: the store closes every session
     * of a dead database, this one's too, and reopens the file once it can). Called by the store's periodic
     * maintenance. If another engine took the database meanwhile, says so loudly: two engines now run it.
     */
    @Override
    public synchronized void reacquireIfLost() {
        if (held == null || nodeId == null) {
            return;
        }
        try {
            if (!held.isClosed()) {
                return;
            }
        } catch (SQLException e) {
            // treated as lost
        }
        held = null; // its session is gone, and with it the lock
        try {
            acquire(nodeId);
            LOG.info("took the lock of the database {} again after H2 had closed the database", database);
        } catch (StoreOwnedException e) {
            LOG.error(
                    "lost the lock of the database {} while H2 had closed the database, and another engine took"
                            + " it: {} Close this engine or the other one.",
                    database,
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.debug("cannot take the lock of the database {} again yet: {}", database, e.getMessage());
        }
    }

    /** Lets the database go (the lock ends with the held transaction). */
    @Override
    public synchronized void close() {
        if (held != null) {
            release(held);
            held = null;
        }
    }

    private void release(Connection connection) {
        try {
            connection.rollback();
            if (lockTimeoutBefore > 0) {
                // A connection borrowed from the application's pool goes back as it came.
                try (Statement s = connection.createStatement()) {
                    s.execute("SET LOCK_TIMEOUT " + lockTimeoutBefore);
                }
            }
            connection.setAutoCommit(autoCommitBefore);
        } catch (SQLException e) {
            // The connection is closed next, which ends the transaction all the same.
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closed or broken: the database has let the lock go with the session.
            }
        }
    }

    private static int lockTimeout(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet row = s.executeQuery("SELECT LOCK_TIMEOUT()")) {
            return row.next() ? row.getInt(1) : 0;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "(unknown host)";
        }
    }
}
