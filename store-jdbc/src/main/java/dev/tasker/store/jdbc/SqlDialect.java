package dev.tasker.store.jdbc;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What differs between the databases the store runs on: the SQL fragments that have no portable
 * form (upserts, insert-unless-exists), how values are bound and read, capability flags, the
 * folder of the dialect's migration files and how to explain the database's failures. Everything
 * else the store sends is SQL that H2 2.x and PostgreSQL 15 both accept.
 *
 * <p>The store picks a dialect, among those of the database modules on the classpath ({@link DatabaseModule}),
 * from {@link java.sql.DatabaseMetaData#getDatabaseProductName()}
 * unless {@link dev.tasker.engine.store.spi.StoreConfig#dialect()} names one.
 *
 * <p>The default type hooks are plain JDBC 4.2, which both drivers follow: UUIDs through
 * {@code setObject}/{@code getObject(.., UUID.class)}, JSON as text, instants as
 * {@code TIMESTAMP WITH TIME ZONE} bound as a UTC {@link OffsetDateTime}. Instants are truncated
 * to microseconds on write, the finest precision both databases store, so that what is read back
 * equals what was written.
 */
public interface SqlDialect {

    /** The name used in {@code StoreConfig.dialect()} and in logs, e.g. {@code h2}. */
    String name();

    /** True when this dialect serves the product {@code DatabaseMetaData.getDatabaseProductName()} reports. */
    boolean matchesProduct(String productName);

    /**
     * True when this dialect serves the JDBC URL; used before any connection exists, to prepare the URL
     * and to explain a failure to connect.
     */
    boolean matchesUrl(String jdbcUrl);

    /**
     * The classpath folder, absolute (e.g. {@code /dev/tasker/store/h2/migrations}), that holds this dialect's
     * schema files and their {@code index}; read through the dialect's class, so from the dialect's module.
     */
    String migrationsFolder();

    /**
     * Opens one file of {@link #migrationsFolder()} (the {@code index} or a schema file), or {@code null} when it is
     * missing. Implemented in the database module itself: on the module path a module's resources are its own,
     * so only code in the dialect's module may read them (e.g. {@code H2Dialect.class.getResourceAsStream(...)}).
     */
    InputStream openMigrationFile(String fileName);

    /** True when {@code SELECT ... FOR UPDATE SKIP LOCKED} lets several nodes claim work without blocking. */
    boolean supportsSkipLocked();

    /**
     * True when several engines may share the database (it is a server, and the store has a node registry
     * for it); false for an embedded database that one process opens at a time.
     */
    default boolean sharedByNodes() {
        return false;
    }

    /**
     * True when the store may write a batch's new rows (tasks, steps, edges, audits, outbox) as one statement of
     * {@code INSERT ... SELECT ... FROM unnest(text[]...)} per table, with the fence's read in the same statement:
     * one round trip and one execution per commit instead of one per kind of row and one per row. Needs
     * data-modifying {@code WITH}, multi-argument {@code unnest ... WITH ORDINALITY}, {@code text[]} parameters and
     * {@code information_schema.columns.udt_name} (PostgreSQL). Default false: JDBC batches.
     */
    default boolean insertsFromArrays() {
        return false;
    }

    /**
     * The table a failed statement was writing when the database says so (PostgreSQL reports it for constraint
     * violations), so that a failure of a statement that writes several tables still names the one refused.
     */
    default Optional<String> failedTable(SQLException failure) {
        return Optional.empty();
    }

    /**
     * A statement that inserts a row, or replaces the other columns of the row with the same key.
     * Its parameters are {@code columns} in order.
     */
    String upsert(String table, List<String> keyColumns, List<String> columns);

    /**
     * A statement that inserts a row unless a row with the same key exists, in which case it changes
     * nothing and does not fail. Its parameters are {@code columns} in order.
     */
    String insertUnlessExists(String table, List<String> keyColumns, List<String> columns);

    /**
     * The database file a URL opens (as messages name it: an absolute path), or empty when the database is
     * not a file of this process (a server, memory). Default: empty.
     */
    default Optional<String> databaseFile(String jdbcUrl) {
        return Optional.empty();
    }

    /** The URL the store's own pool connects with (a dialect may add settings it relies on). */
    default String prepareUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    /**
     * Says in an operator's words what a failure means for this database (a file held by another
     * process, a missing database), or empty when the database's own message is the best there is.
     *
     * @param jdbcUrl the URL the store connects with (as the driver reports it for an application's
     *     DataSource), or null when not known
     */
    default Optional<String> explain(SQLException failure, String jdbcUrl) {
        return Optional.empty();
    }

    /**
     * Periodic upkeep the database needs from its client (see {@link dev.tasker.engine.store.spi.WorkflowStore#maintain()});
     * returns a one-line summary of what was done, or empty when nothing was needed.
     */
    default Optional<String> maintain(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /**
     * Settings (one or more {@code SET} statements, sent as one) for the connection a store keeps for its writer
     * ({@link Jdbc.HeldConnection}), run once when it is opened, outside any transaction; empty for none (the
     * default).
     */
    default String writerSession() {
        return "";
    }

    /** Undoes {@link #writerSession} before the writer's connection goes back to the pool. */
    default String writerSessionReset() {
        return "";
    }

    /** What {@link #enterTransaction} returns: released when the transaction has ended. */
    interface TransactionGuard extends AutoCloseable {
        @Override
        void close();
    }

    /** A guard that guards nothing. */
    TransactionGuard NO_GUARD = () -> {};

    /**
     * Called before a transaction begins on {@code connection}; the guard it returns is closed after the
     * transaction ended (after {@link #afterCommit}). H2 uses it to keep its file compaction apart from
     * transactions (H2Dialect.maintain); the default guards nothing.
     */
    default TransactionGuard enterTransaction(Connection connection) throws SQLException {
        return NO_GUARD;
    }

    /**
     * Called right after {@code connection.commit()} returned, before the commit is acknowledged to anyone:
     * makes sure the commit is as durable as the database promises (H2 needs help: see
     * H2Dialect.afterCommit). {@code wrote} says whether the transaction changed anything through
     * this store. The default does nothing: the database's own commit is durable.
     */
    default void afterCommit(Connection connection, boolean wrote) throws SQLException {}

    /**
     * Says how the database is set up to lose commits it acknowledged, or empty when it is not; shown in
     * the store's start line. The store's own pool is set up right ({@link #prepareUrl}); this catches an
     * application's DataSource that is not.
     */
    default Optional<String> durabilityWarning(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /**
     * Takes a lock, held until the transaction on {@code connection} ends, that lets one process at a time
     * change the schema (the migration runner calls it first in each of its transactions). The default
     * takes none: every session of an embedded H2 database lives in one JVM, where the runner already takes
     * turns, and the idempotent migration files cover the rest.
     */
    default void lockSchemaChanges(Connection connection) throws SQLException {}

    /** Binds a UUID (null allowed). */
    default void setUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
        statement.setObject(index, value);
    }

    /** Reads a UUID column (null allowed). */
    default UUID getUuid(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, UUID.class);
    }

    /**
     * Text as this database can store it. The default keeps it as it is (H2 stores any Java string);
     * PostgreSQL cannot store the NUL character.
     */
    default String storableText(String text) {
        return text;
    }

    /** A JSON text as this database can store it (see {@link #storableText}); the default keeps it. */
    default String storableJson(String json) {
        return json;
    }

    /** Binds JSON text (null allowed). */
    default void setJson(PreparedStatement statement, int index, String json) throws SQLException {
        statement.setString(index, json);
    }

    /** Reads a JSON text column (null allowed). */
    default String getJson(ResultSet rows, String column) throws SQLException {
        return rows.getString(column);
    }

    /** Binds an instant (null allowed), truncated to microseconds, as a UTC timestamp with time zone. */
    default void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        statement.setObject(
                index,
                value == null ? null : OffsetDateTime.ofInstant(value.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** Reads a timestamp-with-time-zone column (null allowed). */
    default Instant getInstant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
