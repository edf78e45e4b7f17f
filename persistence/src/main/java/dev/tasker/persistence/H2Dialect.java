package dev.tasker.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
 * <p><b>Known cost: the file grows.</b> The background thread that {@code WRITE_DELAY=0} turns off is
 * also the only caller of MVStore's housekeeping (chunk compaction; h2database/h2database#442), so the
 * space of superseded pages is not reclaimed while the database is open. Measured (H2 2.5.252, 16-row
 * group commits): ~40 KB of file per commit against ~3 KB with the default delay, growing without a
 * plateau (7.6 GB after 180,000 commits in 150 s). {@code RETENTION_TIME=0} alone does not help;
 * with it, a periodic {@code MVStore.compact(90, 16 MB)} every 1,000 commits kept the file at 117 MB
 * after 22,000 commits but took ~0.8 s each time. Reclaiming space needs such a periodic maintenance
 * call (or {@code SHUTDOWN COMPACT} at close), which the storage port does not have yet.
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
    private static final int DATABASE_ALREADY_OPEN = 90020;
    private static final int DATABASE_NOT_FOUND = 90013;
    private static final int DATABASE_NOT_FOUND_WITH_IF_EXISTS = 90146;
    private static final int DATABASE_IS_CLOSED = 90098;

    /** The dialect; stateless. */
    public H2Dialect() {
    }

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
        return "h2";
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

    /** {@link #durableUrl}, and a statement cache that holds every statement of a batch (see above). */
    @Override
    public String prepareUrl(String jdbcUrl) {
        return isH2(jdbcUrl) ? withSetting(durableUrl(jdbcUrl), QUERY_CACHE_SETTING) : jdbcUrl;
    }

    /** Warns when a file database runs with a WRITE_DELAY other than 0 (in-memory ones report 0). */
    @Override
    public Optional<String> durabilityWarning(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'WRITE_DELAY' AND SETTING_VALUE <> '0'")) {
            return rows.next() ? Optional.of("NOT DURABLE: H2 WRITE_DELAY is " + rows.getString(1) + " ms, so"
                    + " commits of the last " + rows.getString(1) + " ms are lost if the process dies; connect"
                    + " with H2Dialect.durableUrl(url)") : Optional.empty();
        }
    }

    @Override
    public Optional<String> explain(SQLException failure, String jdbcUrl) {
        String file = databaseFile(jdbcUrl).orElseGet(() -> "behind " + (jdbcUrl == null ? "the DataSource" : jdbcUrl));
        return switch (failure.getErrorCode()) {
            case DATABASE_ALREADY_OPEN -> Optional.of("the H2 database file " + file
                    + " is in use by another process (H2 lets one process open a file: stop the other process,"
                    + " or share the database through an H2 server or AUTO_SERVER=TRUE)");
            case DATABASE_NOT_FOUND, DATABASE_NOT_FOUND_WITH_IF_EXISTS ->
                    Optional.of("the H2 database file " + file + " does not exist");
            case DATABASE_IS_CLOSED -> Optional.of("H2 closed the database after a failure to write its file"
                    + " (see the causes); the store must be reopened");
            default -> Optional.empty();
        };
    }

    /** The {@code .mv.db} file an embedded H2 URL opens, as an absolute path; empty for other URLs. */
    static Optional<String> databaseFile(String jdbcUrl) {
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
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.of(Path.of(location + ".mv.db").toAbsolutePath().normalize().toString());
    }

    private static boolean isH2(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** Compact when the live data fills less than this share of the file. */
    private static final int TARGET_FILL_RATE = 80;
    /** At most this many bytes rewritten per maintenance run, so one run stays short. */
    private static final int COMPACT_WRITE_BYTES = 16 << 20;

    /**
     * Compacts the store file. With {@code WRITE_DELAY=0} H2 runs no background writer, and the writer
     * is also what compacts the file: left alone, the file grows by tens of KB per commit (measured: 7.6 GB
     * after 180,000 commits). So the engine calls this every few seconds from its own maintenance thread:
     * old chunks are released at once ({@code retentionTime 0}: after a killed process the file is still
     * consistent, since every commit reached the operating system) and, when the live data fills less than
     * 80% of the file, up to 16 MB of chunks are rewritten. This uses H2's MVStore API directly, which is
     * why the H2 version is pinned.
     */
    @Override
    public Optional<String> maintain(Connection connection) throws SQLException {
        org.h2.jdbc.JdbcConnection h2 = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
        if (!(h2.getSession() instanceof org.h2.engine.SessionLocal session)) {
            return Optional.empty(); // a client of an H2 server: the server does its own upkeep
        }
        org.h2.mvstore.db.Store store = session.getDatabase().getStore();
        if (store == null || store.getMvStore().getFileStore() == null) {
            return Optional.empty(); // in memory
        }
        org.h2.mvstore.MVStore mv = store.getMvStore();
        if (mv.getRetentionTime() != 0) {
            mv.setRetentionTime(0);
        }
        int fill = mv.getFillRate();
        if (fill >= TARGET_FILL_RATE) {
            return Optional.empty();
        }
        boolean moved = mv.compact(TARGET_FILL_RATE, COMPACT_WRITE_BYTES);
        return moved ? Optional.of("compacted the H2 file (live data was " + fill + "% of it)") : Optional.empty();
    }
}
