package dev.tasker.store.h2;

import dev.tasker.store.jdbc.SqlDialect;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The dialect for H2 2.x (embedded file or in-memory databases).
 *
 * <p><b>Durability.</b> H2's MVStore does not write a commit to the file when the commit happens:
 * with the default {@code WRITE_DELAY} of 500 ms a commit only changes the in-memory maps, and a
 * background thread writes them out at most that much later ({@code WRITE_DELAY} is the MVStore's
 * {@code autoCommitDelay}). A JVM killed with SIGKILL in between loses commits it already
 * acknowledged. With {@code WRITE_DELAY=0} the background writer is off and H2's
 * {@code TransactionStore.endTransaction} calls {@code MVStore.commit()} for every committing
 * transaction that changed something; that call serializes the changed pages and writes them into
 * the database file (a {@code FileChannel} write, waited for) before the JDBC {@code commit()}
 * returns. The bytes are then in the operating system's page cache, so they survive the death of
 * the process (SIGKILL, OOM kill, {@code halt}), which is what the engine promises. H2 does not
 * {@code fsync} on commit, so a power cut or kernel crash may still lose the last commits; use
 * PostgreSQL where that matters. {@link #durableUrl(String)} adds the setting to every URL that
 * names a database file, and the store's own pool connects through it ({@link #prepareUrl}).
 *
 * <p><b>Two holes under SIGKILL, and what closes them</b> (DESIGN.md, "H2 and kill -9", has the evidence).
 * (1) H2's {@code MVStore.commit()} skips its store when another thread's store started while it waited
 * for the store lock, although that store may not hold this transaction's changes: {@link #afterCommit}
 * stores once more after every writing transaction. (2) Compacting the file while superseded chunks are
 * released at once ({@code retentionTime} 0, as this class did before) loses commits that had already
 * been read back after an earlier kill: the store keeps H2's default retention (45 s), and the compaction
 * runs apart from transactions ({@link #enterTransaction}).
 *
 * <p><b>Known cost: the file grows between compactions.</b> The background thread that {@code WRITE_DELAY=0}
 * turns off is also the only caller of MVStore's housekeeping (chunk compaction; h2database/h2database#442),
 * so the engine calls {@link #maintain} every few seconds; chunks superseded less than the retention time
 * ago are not reclaimed, so the file holds up to about 45 s of writes beyond the live data.
 *
 * <p><b>Statement cache.</b> H2 keeps the parsed form of a session's last 8 statements
 * ({@code QUERY_CACHE_SIZE}, least recently used out). One {@code apply} can use 9 different
 * statements in a fixed order, and cycling 9 statements through an LRU of 8 misses every time: a
 * miss costs ~19 µs of parsing against ~1 µs for a hit (measured, H2 2.5), about 170 µs a batch. The
 * store's pool therefore also sets {@code QUERY_CACHE_SIZE=64} when the URL does not set it.
 *
 * <p>An H2 file can be open in one process at a time (H2 locks it); a second process gets a
 * {@link dev.tasker.engine.store.StoreException} saying the file is in use and naming it.
 */
public final class H2Dialect implements SqlDialect {
    private static final String PREFIX = "jdbc:h2:";
    private static final String DURABLE_SETTING = "WRITE_DELAY=0";
    private static final String QUERY_CACHE_SETTING = "QUERY_CACHE_SIZE=64";
    private static final String NO_CLOSE_ON_EXIT = "DB_CLOSE_ON_EXIT=FALSE";
    private static final int DATABASE_ALREADY_OPEN = 90020;
    private static final int DATABASE_NOT_FOUND = 90013;
    private static final int DATABASE_NOT_FOUND_WITH_IF_EXISTS = 90146;
    private static final int DATABASE_IS_CLOSED = 90098;

    /** The dialect; stateless. */
    public H2Dialect() {}

    /**
     * Returns the URL with {@code ;WRITE_DELAY=0} appended when it is an H2 URL naming a database
     * file (embedded or through a server) that does not set {@code WRITE_DELAY} itself; returns any
     * other URL (in-memory, read-only {@code zip:}, not H2) unchanged. See the class comment for why.
     */
    public static String durableUrl(String url) {
        if (!isH2(url)) {
            return url;
        }
        String location = url.substring(PREFIX.length()).split(";")[0].toLowerCase(Locale.ROOT);
        if (location.startsWith("mem:") || location.startsWith("zip:")) {
            return url;
        }
        return withSetting(url, DURABLE_SETTING);
    }

    /** Appends {@code ;KEY=value} unless the URL sets KEY already. */
    private static String withSetting(String url, String setting) {
        String key = setting.substring(0, setting.indexOf('=') + 1);
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].trim().toUpperCase(Locale.ROOT).startsWith(key)) {
                return url;
            }
        }
        return (url.endsWith(";") ? url : url + ";") + setting;
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public boolean matchesProduct(String productName) {
        return "H2".equalsIgnoreCase(productName);
    }

    @Override
    public boolean matchesUrl(String jdbcUrl) {
        return isH2(jdbcUrl);
    }

    @Override
    public String migrationsFolder() {
        return "/dev/tasker/store/h2/migrations";
    }

    @Override
    public InputStream openMigrationFile(String fileName) {
        // Read from this module's own code: on the module path its resources are not open to tasker-store-jdbc.
        return H2Dialect.class.getResourceAsStream(migrationsFolder() + "/" + fileName);
    }

    /** H2 2.x accepts {@code FOR UPDATE SKIP LOCKED}. */
    @Override
    public boolean supportsSkipLocked() {
        return true;
    }

    /** H2's {@code MERGE INTO t (columns) KEY (keys) VALUES (...)}: update the row with the key, else insert. */
    @Override
    public String upsert(String table, List<String> keyColumns, List<String> columns) {
        return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", keyColumns)
                + ") VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    /**
     * The same {@code MERGE ... KEY}: H2 has no {@code ON CONFLICT DO NOTHING} outside its PostgreSQL
     * mode. Callers use it only for rows whose non-key columns follow from the key (an edge's task),
     * so rewriting an existing row with the same values changes nothing.
     */
    @Override
    public String insertUnlessExists(String table, List<String> keyColumns, List<String> columns) {
        return upsert(table, keyColumns, columns);
    }

    /**
     * {@link #durableUrl}, a statement cache that holds every statement of a batch (see above), and, for an
     * embedded database, {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would otherwise close the
     * database while the engine's shutdown hook still lets running handlers finish and record their outcomes
     * ("Database is already closed"); the engine closes its pool, and so the database, itself. Not with
     * {@code AUTO_SERVER=TRUE}, which H2 refuses to combine with it: there H2 still closes the file at exit.
     */
    @Override
    public String prepareUrl(String jdbcUrl) {
        if (!isH2(jdbcUrl)) {
            return jdbcUrl;
        }
        String url = withSetting(durableUrl(jdbcUrl), QUERY_CACHE_SETTING);
        String location = url.substring(PREFIX.length()).split(";")[0].toLowerCase(Locale.ROOT);
        boolean remote = location.startsWith("tcp:") || location.startsWith("ssl:");
        boolean autoServer = url.toUpperCase(Locale.ROOT).replace(" ", "").contains(";AUTO_SERVER=TRUE");
        return remote || autoServer ? url : withSetting(url, NO_CLOSE_ON_EXIT);
    }

    /**
     * One lock per open H2 database file in this JVM (keyed by its MVStore, so every store and pool on the
     * same file shares it): transactions hold it shared, the file compaction exclusively. Fair, so that a
     * waiting compaction is not starved by a steady stream of commits.
     */
    private static final Map<org.h2.mvstore.MVStore, ReadWriteLock> COMPACTION_LOCKS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** The file store of an embedded H2 database behind this connection, or null (in memory, a server's client). */
    // H2's internal MVStore API, kept inside this module: the durability fixes need it (afterCommit, maintain).
    static org.h2.mvstore.MVStore fileStoreOf(Connection connection) throws SQLException {
        org.h2.jdbc.JdbcConnection h2 = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
        if (!(h2.getSession() instanceof org.h2.engine.SessionLocal session)) {
            return null;
        }
        org.h2.mvstore.db.Store store = session.getDatabase().getStore();
        if (store == null || store.getMvStore().getFileStore() == null) {
            return null;
        }
        return store.getMvStore();
    }

    private static ReadWriteLock compactionLock(org.h2.mvstore.MVStore mv) {
        return COMPACTION_LOCKS.computeIfAbsent(mv, key -> {
            StoreWriteBuffer.widen(key); // once per open file, before its first transaction through this store
            return new ReentrantReadWriteLock(true);
        });
    }

    /** Holds the file's compaction lock shared for the transaction (see {@link #maintain}). */
    @Override
    public TransactionGuard enterTransaction(Connection connection) throws SQLException {
        org.h2.mvstore.MVStore mv = fileStoreOf(connection);
        if (mv == null) {
            return NO_GUARD;
        }
        Lock shared = compactionLock(mv).readLock();
        shared.lock();
        return shared::unlock;
    }

    /**
     * Makes sure the commit that just returned is in the database file before it is acknowledged.
     *
     * <p>With {@code WRITE_DELAY=0}, H2 2.5.252 ends each committing transaction with
     * {@code MVStore.commit()}, which reads the store's version, waits for the store lock and then
     * <em>skips its own store when the version changed while it waited</em>: it takes the store another
     * thread was making as covering its changes. That store may have collected the maps' pages before
     * this transaction's changes reached them, so they are written by nobody until the next commit; a
     * SIGKILL in between loses an acknowledged commit (DESIGN.md, "H2 and kill -9", has the evidence:
     * several writers, or one writer and the file compaction, lose the last commits in a few percent
     * of kills). Calling {@code commit()} once more after the transaction ended closes the hole: any
     * store that starts after this point collects pages that already hold the changes, and when
     * nothing is left unsaved the call is a few field reads. Then {@link StoreHeader#catchUp} makes the
     * store header name the chunk just written when recovery could not find it otherwise (H2 2.5.252
     * leaves the header one chunk behind after reusing space, and a kill then loses every commit since).
     *
     * <p>A client of an H2 server ({@code AUTO_SERVER}, {@code tcp:}) cannot reach the server's store;
     * there a {@code CHECKPOINT} after each writing transaction asks the server to store its changes.
     */
    @Override
    public void afterCommit(Connection connection, boolean wrote) throws SQLException {
        if (!wrote) {
            return;
        }
        org.h2.jdbc.JdbcConnection h2 = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
        if (h2.getSession() instanceof org.h2.engine.SessionLocal) {
            org.h2.mvstore.MVStore mv = fileStoreOf(connection);
            if (mv != null && !mv.isClosed()) {
                try {
                    if (mv.hasUnsavedChanges()) {
                        mv.commit();
                    }
                    StoreHeader.catchUp(mv);
                } catch (RuntimeException e) { // the file could not be written (a full disk, a panic)
                    throw org.h2.message.DbException.convert(e).getSQLException();
                }
            }
        } else {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
        }
    }

    /** Warns when a file database runs with a WRITE_DELAY other than 0 (in-memory ones report 0). */
    @Override
    public Optional<String> durabilityWarning(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                        + " WHERE SETTING_NAME = 'WRITE_DELAY' AND SETTING_VALUE <> '0'")) {
            return rows.next()
                    ? Optional.of("NOT DURABLE: H2 WRITE_DELAY is " + rows.getString(1) + " ms, so"
                            + " commits of the last " + rows.getString(1) + " ms are lost if the process dies; connect"
                            + " with H2Dialect.durableUrl(url)")
                    : Optional.empty();
        }
    }

    @Override
    public Optional<String> explain(SQLException failure, String jdbcUrl) {
        String file = fileOf(jdbcUrl).orElseGet(() -> "behind " + (jdbcUrl == null ? "the DataSource" : jdbcUrl));
        return switch (failure.getErrorCode()) {
            case DATABASE_ALREADY_OPEN ->
                Optional.of("the H2 database file " + file
                        + " is in use by another process (H2 lets one process open a file: stop the other process,"
                        + " or share the database through an H2 server or AUTO_SERVER=TRUE)");
            case DATABASE_NOT_FOUND, DATABASE_NOT_FOUND_WITH_IF_EXISTS ->
                Optional.of("the H2 database file " + file + " does not exist");
            case DATABASE_IS_CLOSED ->
                Optional.of("H2 closed the database " + file + " after a failure to write"
                        + " it (see the causes); the store opens it again at its next use");
            default -> Optional.empty();
        };
    }

    /** The {@code .mv.db} file an embedded H2 URL opens, as an absolute path; empty for other URLs. */
    @Override
    public Optional<String> databaseFile(String jdbcUrl) {
        return fileOf(jdbcUrl);
    }

    /** The {@code .mv.db} file an embedded H2 URL opens, as an absolute path; empty for other URLs. */
    static Optional<String> fileOf(String jdbcUrl) {
        if (jdbcUrl == null || !isH2(jdbcUrl)) {
            return Optional.empty();
        }
        String location = jdbcUrl.substring(PREFIX.length()).split(";")[0];
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            location = location.substring(5);
        }
        if (location.matches("(?i)^(mem|tcp|ssl|zip):.*")) {
            return Optional.empty();
        }
        while (location.matches("^[A-Za-z]\\w+:.*")) { // an H2 file system (nio:, split:, ...), not a drive letter
            location = location.substring(location.indexOf(':') + 1);
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.of(
                Path.of(location + ".mv.db").toAbsolutePath().normalize().toString());
    }

    private static boolean isH2(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** Compact when the live data fills less than this share of the file. */
    private static final int TARGET_FILL_RATE = 80;
    /** How long a maintenance run waits for running transactions to end before it gives up until the next run. */
    private static final java.time.Duration COMPACT_WAIT = java.time.Duration.ofSeconds(2);
    /** At most this many bytes rewritten per maintenance run, so one run stays short. */
    private static final int COMPACT_WRITE_BYTES = 16 << 20;

    /**
     * Compacts the store file. With {@code WRITE_DELAY=0} H2 runs no background writer, and the writer
     * is also what compacts the file: left alone, the file grows by tens of KB per commit (measured: 7.6 GB
     * after 180,000 commits). So the engine calls this every few seconds from its own maintenance thread:
     * when the live data fills less than 80% of the file, up to 16 MB of chunks are rewritten, while no
     * transaction runs (it waits up to 2 s for the compaction lock, else skips a round). Chunks keep H2's
     * retention time: releasing them at once lost acknowledged commits under SIGKILL (see the class
     * comment). This uses H2's MVStore API directly, which is why the H2 version is pinned.
     */
    @Override
    public Optional<String> maintain(Connection connection) throws SQLException {
        org.h2.jdbc.JdbcConnection h2 = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
        if (!(h2.getSession() instanceof org.h2.engine.SessionLocal)) {
            return Optional.empty(); // a client of an H2 server: the server does its own upkeep
        }
        org.h2.mvstore.MVStore mv = fileStoreOf(connection);
        if (mv == null) {
            return Optional.empty(); // in memory
        }
        Lock exclusive = compactionLock(mv).writeLock();
        try {
            if (!exclusive.tryLock(COMPACT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty(); // a long transaction: next time
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            int fill = mv.getFillRate();
            if (fill >= TARGET_FILL_RATE) {
                return Optional.empty();
            }
            boolean moved = mv.compact(TARGET_FILL_RATE, COMPACT_WRITE_BYTES);
            if (mv.hasUnsavedChanges()) {
                mv.commit(); // what the compaction moved is stored before a transaction may change it again
            }
            StoreHeader.catchUp(mv);
            return moved ? Optional.of("compacted the H2 file (live data was " + fill + "% of it)") : Optional.empty();
        } finally {
            exclusive.unlock();
        }
    }
}
