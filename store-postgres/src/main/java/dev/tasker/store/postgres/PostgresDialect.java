package dev.tasker.store.postgres;

import dev.tasker.store.jdbc.SqlDialect;
import dev.tasker.store.jdbc.SqlFailureKind;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The dialect for PostgreSQL 15 and later, through the PostgreSQL JDBC driver ({@code jdbc:postgresql:}).
 *
 * <p><b>Types.</b> UUIDs are {@code uuid}, instants {@code timestamptz}, both bound with the JDBC 4.2
 * defaults of {@link SqlDialect}. JSON is {@code text}, bound as a string: the engine treats its documents
 * as opaque text and the store's contract is that what is read back equals what was written, which
 * {@code jsonb} breaks (it reorders keys, drops duplicate keys, rewrites whitespace and rejects the valid
 * escape <code>&#92;u0000</code>); and no query looks inside a document. Should one ever need to, a
 * migration can turn a column into {@code jsonb} with {@code USING column::jsonb}.
 *
 * <p><b>Durability.</b> With the server's defaults ({@code fsync = on}, {@code synchronous_commit = on})
 * a commit returns once its WAL record is flushed to disk, so an acknowledged commit survives a power
 * cut or a crash of the server or its machine, not only of the engine's JVM. The start line warns when
 * either setting is off for the store's sessions ({@link #durabilityWarning}).
 *
 * <p><b>Round trips.</b> A write batch is usually ONE statement sent in autocommit, so its commit costs no round
 * trip of its own: the node's fence ({@code SELECT ... FOR SHARE}), every new row (tasks, steps, edges, audits,
 * outbox) from {@code unnest}ed {@code text[]} parameters, the guarded task and step updates ({@code UPDATE ... FROM
 * unnest ... RETURNING}), and the other nodes' notifications, each a data-modifying {@code WITH} item; the
 * statement fails on purpose when the fence does not hold or an update matched no row, so nothing of it commits,
 * and the batch is written again in a transaction whose checks name what was stale. A 4-step task run alone costs
 * 5.1 round trips (one per commit) instead of 28 ({@code bench linear --count-sql}). Batches the one statement
 * cannot carry (checkpoints, DLQ rows, signals, releases, a row updated twice) go in a transaction as before
 * ({@link #insertsFromArrays}). The writer's own connection plans these few fixed statements once and by primary
 * key only ({@link #writerSession}). The driver's {@code reWriteBatchedInserts=true} must
 * still stay off: it folds a batch into one multi-row {@code INSERT}, and an {@code ON CONFLICT DO UPDATE} that
 * meets the same key twice in one statement fails, while the store's batches may upsert one step's checkpoint
 * twice.
 *
 * <p><b>Several engines.</b> Schema migrations take turns on a transaction-scoped advisory lock
 * ({@link #lockSchemaChanges}). Tables are created in the connection's current schema, so
 * {@code currentSchema=} in the URL keeps several applications (or test runs) apart in one database.
 */
public final class PostgresDialect implements SqlDialect {
    private static final String PREFIX = "jdbc:postgresql:";
    private static final String DEFAULT_PORT = "5432";
    /** The advisory lock that serializes schema migrations: "tasker" in ASCII, then 1. */
    static final long SCHEMA_LOCK = 0x7461_736b_6572_0001L;

    /** The dialect; stateless. */
    public PostgresDialect() {}

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean matchesProduct(String productName) {
        return "PostgreSQL".equalsIgnoreCase(productName);
    }

    @Override
    public boolean matchesUrl(String jdbcUrl) {
        return isPostgres(jdbcUrl);
    }

    @Override
    public String migrationsFolder() {
        return "/dev/tasker/store/postgres/migrations";
    }

    @Override
    public InputStream openMigrationFile(String fileName) {
        // Read from this module's own code: on the module path its resources are not open to tasker-store-jdbc.
        return PostgresDialect.class.getResourceAsStream(migrationsFolder() + "/" + fileName);
    }

    /** PostgreSQL has had {@code FOR UPDATE SKIP LOCKED} since 9.5. */
    @Override
    public boolean supportsSkipLocked() {
        return true;
    }

    @Override
    public boolean sharedByNodes() {
        return true;
    }

    /** A batch's new rows and the fence go in one statement of {@code unnest}ed text arrays (see ArrayInserts). */
    @Override
    public boolean insertsFromArrays() {
        return true;
    }

    /**
     * The writer's connection plans its few fixed statements once, by primary key: a generic plan
     * ({@code plan_cache_mode}) reused at every execution, and no table scan or hash or merge join, which PostgreSQL
     * may otherwise pick for an {@code unnest} of unknown length (it assumes 10 to 100 rows) or for a table it has
     * not analysed yet (and keep in a cached plan as the table grows). Override with the system property {@code
     * tasker.store.postgres.writerSession} (SET statements; empty for none).
     */
    @Override
    public String writerSession() {
        return System.getProperty("tasker.store.postgres.writerSession", WRITER_SESSION);
    }

    private static final String WRITER_SESSION = "SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off;"
            + " SET enable_hashjoin = off; SET enable_mergejoin = off";

    @Override
    public String writerSessionReset() {
        return "RESET plan_cache_mode; RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin";
    }

    /** The table the server names in its error (constraint violations carry it). */
    @Override
    public Optional<String> failedTable(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.postgresql.util.PSQLException pg
                    && pg.getServerErrorMessage() != null
                    && pg.getServerErrorMessage().getTable() != null) {
                return Optional.of(pg.getServerErrorMessage().getTable());
            }
        }
        return Optional.empty();
    }

    /**
     * {@code INSERT ... ON CONFLICT (keys) DO UPDATE SET c = EXCLUDED.c} for every column but the keys
     * ({@code DO NOTHING} when there are no others). The key columns must carry a unique constraint.
     */
    @Override
    public String upsert(String table, List<String> keyColumns, List<String> columns) {
        List<String> others =
                columns.stream().filter(c -> !keyColumns.contains(c)).toList();
        if (others.isEmpty()) {
            return insertUnlessExists(table, keyColumns, columns);
        }
        return insert(table, columns) + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET "
                + others.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    /**
     * {@code INSERT ... ON CONFLICT (keys) DO NOTHING}. Naming the key means a row that breaks another
     * unique constraint still fails the statement, as it should.
     */
    @Override
    public String insertUnlessExists(String table, List<String> keyColumns, List<String> columns) {
        return insert(table, columns) + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO NOTHING";
    }

    private static String insert(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    /**
     * {@code pg_advisory_xact_lock}: released by the commit or rollback, so no session keeps it. It is
     * one lock per database (not per schema), which only makes engines on different schemas take turns too.
     */
    @Override
    public void lockSchemaChanges(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            statement.setLong(1, SCHEMA_LOCK);
            statement.execute();
        }
    }

    /** Warns when the session runs with {@code fsync} or {@code synchronous_commit} off. */
    @Override
    public Optional<String> durabilityWarning(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT current_setting('fsync'), current_setting('synchronous_commit')");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            List<String> warnings = new ArrayList<>();
            if ("off".equalsIgnoreCase(rows.getString(1))) {
                warnings.add("NOT DURABLE: PostgreSQL fsync is off, so a power cut or an operating system crash"
                        + " can lose or corrupt committed data");
            }
            if ("off".equalsIgnoreCase(rows.getString(2))) {
                warnings.add("NOT DURABLE: PostgreSQL synchronous_commit is off, so the commits of the last"
                        + " moments (up to 3 x wal_writer_delay) are lost if the server crashes; set it to on"
                        + " for the store's user or database");
            }
            return warnings.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", warnings));
        }
    }

    /** PostgreSQL's text types cannot hold NUL (SQLState 22021): it becomes U+FFFD, the replacement character. */
    @Override
    public String storableText(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    /**
     * JSON is stored as text (see the schema), where the escape {@code \u0000} is six plain characters and
     * valid; only a raw NUL, which a JSON writer never emits, would be refused.
     */
    @Override
    public String storableJson(String json) {
        return storableText(json);
    }

    @Override
    public Optional<String> explain(SQLException failure, String jdbcUrl) {
        String server = "PostgreSQL at " + address(jdbcUrl).orElse("the DataSource's address");
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        return Optional.ofNullable(
                switch (state) {
                    case "08001" -> server + " is not reachable: " + networkReason(failure);
                    case "08000", "08003", "08006" ->
                        "the connection to " + server + " was lost: " + networkReason(failure);
                    case "08004", "28000", "28P01" ->
                        server + " refused the login (" + failure.getMessage() + "); check the"
                                + " user and password (StoreConfig username and password, or user= and password= in the URL)"
                                + " and the server's pg_hba.conf";
                    case "3D000" ->
                        database(jdbcUrl)
                                .map(d -> "the database '" + d + "' does not exist on " + server
                                        + " (create it with CREATE DATABASE " + d + ")")
                                .orElse("the database does not exist on " + server);
                    case "3F000" ->
                        "the schema to create the tables in does not exist on " + server + " (the URL's"
                                + " currentSchema names a schema that must be created first, with CREATE SCHEMA)";
                    case "53300" ->
                        server + " has no free connection slots (max_connections): make the engines' pools"
                                + " smaller or raise max_connections";
                    case "57P01", "57P02", "57P03" -> server + " is shutting down or not yet accepting connections";
                    case "25006" ->
                        server + " accepts no writes (a standby, or default_transaction_read_only is on):"
                                + " point the store at the primary";
                    default -> null;
                });
    }

    /** What the network said, from the deepest cause that knows (refused, unknown host, timed out). */
    private static String networkReason(SQLException failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return t.getMessage();
            }
        }
        // Not the failure's own message: a failed batch's quotes the statement with its values.
        String said = SqlFailureKind.innermostMessage(failure);
        return said == null ? "no detail given" : said;
    }

    /**
     * The {@code host:port} list a PostgreSQL URL connects to ({@code localhost:5432} when it names none),
     * or empty for other URLs. Never includes credentials.
     */
    static Optional<String> address(String jdbcUrl) {
        if (!isPostgres(jdbcUrl)) {
            return Optional.empty();
        }
        String rest = withoutParameters(jdbcUrl.substring(PREFIX.length()));
        if (!rest.startsWith("//")) {
            return Optional.of("localhost:" + DEFAULT_PORT);
        }
        String hosts = rest.substring(2).split("/", 2)[0];
        hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
        return Optional.of(
                Arrays.stream(hosts.split(",")).map(PostgresDialect::withPort).collect(Collectors.joining(",")));
    }

    /** The database a PostgreSQL URL names, or empty when it names none (the driver then uses the user's name). */
    static Optional<String> database(String jdbcUrl) {
        if (!isPostgres(jdbcUrl)) {
            return Optional.empty();
        }
        String rest = withoutParameters(jdbcUrl.substring(PREFIX.length()));
        String name = rest.startsWith("//")
                ? (rest.substring(2).contains("/") ? rest.substring(rest.indexOf('/', 2) + 1) : "")
                : rest;
        return name.isEmpty() ? Optional.empty() : Optional.of(URLDecoder.decode(name, StandardCharsets.UTF_8));
    }

    private static String withPort(String host) {
        if (host.isEmpty()) {
            return "localhost:" + DEFAULT_PORT;
        }
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        return hasPort ? host : host + ":" + DEFAULT_PORT;
    }

    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static boolean isPostgres(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}
