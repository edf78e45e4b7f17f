package dev.tasker.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain JDBC in four moves (inTransaction, query, update, batch) so that the store's code reads as
 * its SQL. A connection is borrowed for one unit of work, used with autocommit off, committed or
 * rolled back, and returned; {@link SQLException}s are translated into StoreExceptions here and
 * nowhere else (by {@link SqlFailures}).
 */
public final class Jdbc {
    /** Work done on one connection inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Binds the parameters of a single statement. */
    @FunctionalInterface
    public interface Binder {
        void bind(Parameters parameters) throws SQLException;
    }

    /** Binds the parameters of one row of a batch. */
    @FunctionalInterface
    public interface RowBinder<R> {
        void bind(Parameters parameters, R row) throws SQLException;
    }

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultRow row) throws SQLException;
    }

    /**
     * Told of every SQL failure of a unit of work while its connection is still open, before the connection
     * goes back to the pool: lets the store repair what the failure broke (H2 closing its database after a
     * failed write, see H2Sessions in tasker-store-h2).
     */
    @FunctionalInterface
    public interface FailureHook {
        void failed(Connection connection, SQLException failure);

        /** Borrows a connection; a hook may refuse at once while the database is known to be down. */
        default Connection connect(DataSource dataSource) throws SQLException {
            return dataSource.getConnection();
        }
    }

    public static final FailureHook NO_HOOK = (connection, failure) -> {};

    public static final Binder NO_PARAMETERS = parameters -> {};

    /**
     * Statements that changed rows in the current thread's transaction (set by {@link #update} and
     * {@link #batch}); tells {@link SqlDialect#afterCommit} whether there is anything to make durable.
     */
    private static final ThreadLocal<boolean[]> WROTE = ThreadLocal.withInitial(() -> new boolean[1]);

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final SqlFailures failures;
    private final FailureHook hook;

    public Jdbc(DataSource dataSource, SqlDialect dialect, SqlFailures failures) {
        this(dataSource, dialect, failures, NO_HOOK);
    }

    public Jdbc(DataSource dataSource, SqlDialect dialect, SqlFailures failures, FailureHook hook) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.failures = failures;
        this.hook = hook;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs the work in one transaction: commits when it returns, rolls back when it throws.
     * A SQLException becomes a StoreException saying "Could not {doing}: ..."; unchecked exceptions
     * (a StaleWriteException) pass through after the rollback.
     */
    public <T> T inTransaction(String doing, Work<T> work) {
        try (Connection connection = hook.connect(dataSource)) {
            return transaction(connection, work);
        } catch (SQLException e) {
            throw failures.translate(doing, e);
        }
    }

    /**
     * Runs the work on a borrowed connection outside any transaction and its guard (database upkeep that
     * must not run inside one: {@link SqlDialect#maintain}).
     */
    public <T> T onConnection(String doing, Work<T> work) {
        try (Connection connection = hook.connect(dataSource)) {
            return hooked(connection, () -> work.run(connection));
        } catch (SQLException e) {
            throw failures.translate(doing, e);
        }
    }

    /**
     * One connection kept out of the pool for one writer (the engine's group commit), so that readers who
     * exhaust the pool (many awaiters, operator queries) never make the writer wait for a connection. A
     * connection found broken after a failure is dropped and the next use takes a new one.
     */
    final class HeldConnection {
        private Connection connection;

        synchronized Connection get() throws SQLException {
            if (connection == null) {
                Connection opened = hook.connect(dataSource);
                try {
                    session(opened, dialect.writerSession());
                } catch (SQLException e) {
                    opened.close();
                    throw e;
                }
                connection = opened;
            }
            return connection;
        }

        synchronized void dropIfBroken() {
            try {
                if (connection != null && !connection.isValid(2)) {
                    release();
                }
            } catch (SQLException e) {
                release();
            }
        }

        /** Gives the connection back to the pool (or closes it). */
        synchronized void release() {
            if (connection != null) {
                try {
                    // The pool's other borrowers must not inherit the writer's settings.
                    session(connection, dialect.writerSessionReset());
                } catch (SQLException e) {
                    // broken: closed below; the pool replaces it
                }
                try {
                    connection.close();
                } catch (SQLException e) {
                    // broken already; the pool replaces it
                }
                connection = null;
            }
        }
    }

    /** Runs session settings (SET statements) outside any transaction, so that no rollback undoes them. */
    private static void session(Connection connection, String settings) throws SQLException {
        if (settings == null || settings.isEmpty()) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            connection.setAutoCommit(true);
        }
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute(settings);
        } finally {
            if (!autoCommit) {
                connection.setAutoCommit(false);
            }
        }
    }

    /**
     * Runs the work on the held connection in autocommit: meant for ONE statement, whose commit then takes no
     * round trip of its own. Returns true when it committed, false when the server refused the statement (it
     * rolled back; nothing of it committed), so that the caller may write the same again in a transaction. A
     * failure that leaves the outcome unknown (the connection was lost) is thrown, translated.
     */
    boolean autoCommitted(String doing, HeldConnection held, Work<?> work) {
        try {
            Connection connection = held.get();
            boolean autoCommit = connection.getAutoCommit();
            try {
                if (!autoCommit) {
                    connection.setAutoCommit(true);
                }
                work.run(connection);
                dialect.afterCommit(connection, true);
                return true;
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (state == null || state.startsWith("08") || state.startsWith("57")) {
                    held.dropIfBroken();
                    throw e;
                }
                return false;
            } finally {
                if (!autoCommit && !connection.isClosed()) {
                    connection.setAutoCommit(false);
                }
            }
        } catch (SQLException e) {
            throw failures.translate(doing, e);
        }
    }

    HeldConnection holdConnection() {
        return new HeldConnection();
    }

    /** Like {@link #inTransaction(String, Work)} on the held connection (the caller serializes its uses). */
    <T> T inTransaction(String doing, HeldConnection held, Work<T> work) {
        try {
            Connection connection = held.get();
            try {
                return transaction(connection, work);
            } catch (SQLException | RuntimeException e) {
                held.dropIfBroken();
                throw e;
            }
        } catch (SQLException e) {
            throw failures.translate(doing, e);
        }
    }

    /** A query in its own (read) transaction. */
    public <T> List<T> query(String doing, String sql, Binder binder, RowMapper<T> mapper) {
        return inTransaction(doing, connection -> query(connection, sql, binder, mapper));
    }

    public <T> List<T> query(Connection connection, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Parameters(statement, dialect));
            try (ResultSet rows = statement.executeQuery()) {
                List<T> mapped = new ArrayList<>();
                ResultRow row = new ResultRow(rows, dialect);
                while (rows.next()) {
                    mapped.add(mapper.map(row));
                }
                return mapped;
            }
        } catch (SQLException e) {
            throw FailedStatement.of(sql, e);
        }
    }

    public int update(Connection connection, String sql, Binder binder) throws SQLException {
        WROTE.get()[0] = true;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Parameters(statement, dialect));
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw FailedStatement.of(sql, e);
        }
    }

    /** Records that the current transaction writes (for a statement sent without {@link #update} or {@link #batch}). */
    static void markWrote() {
        WROTE.get()[0] = true;
    }

    /** One JDBC batch: one prepared statement, a row per {@code addBatch}, one round trip. */
    <R> int[] batch(Connection connection, String sql, List<R> rows, RowBinder<R> binder) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        WROTE.get()[0] = true;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (R row : rows) {
                binder.bind(new Parameters(statement, dialect), row);
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw FailedStatement.of(sql, e);
        }
    }

    /** Work that may fail with a SQLException. */
    @FunctionalInterface
    private interface Body<T> {
        T run() throws SQLException;
    }

    /** Runs the body; a SQLException is shown to the failure hook before it goes on. */
    private <T> T hooked(Connection connection, Body<T> body) throws SQLException {
        try {
            return body.run();
        } catch (SQLException e) {
            hook.failed(connection, e);
            throw e;
        }
    }

    private <T> T transaction(Connection connection, Work<T> work) throws SQLException {
        boolean restoreAutoCommit = connection.getAutoCommit();
        if (restoreAutoCommit) {
            connection.setAutoCommit(false);
        }
        boolean[] wrote = WROTE.get();
        boolean outer = wrote[0]; // a transaction begun inside another one's work (not done today)
        wrote[0] = false;
        T result;
        try (SqlDialect.TransactionGuard guard = dialect.enterTransaction(connection)) {
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException e) {
                hook.failed(connection, e); // first: the rollback must not run on a session H2 left for dead
                rollback(connection, e);
                throw e;
            } catch (RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            // Not acknowledged (returned) before it is durable. A failure here reports the commit as failed
            // although it may have reached the database, as a lost connection during commit would.
            try {
                dialect.afterCommit(connection, wrote[0]);
            } catch (SQLException e) {
                hook.failed(connection, e);
                throw e;
            }
        } finally {
            // (the guard is released first, by the try-with-resources)
            wrote[0] = outer;
        }
        if (restoreAutoCommit) {
            connection.setAutoCommit(true);
        }
        return result;
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            // The connection is likely broken; closing it discards the transaction anyway.
            failure.addSuppressed(rollbackFailure);
        }
    }
}
