package dev.tasker.store.h2;

import dev.tasker.engine.store.StoreException;
import dev.tasker.store.jdbc.DatabaseModule;
import dev.tasker.store.jdbc.Jdbc;
import dev.tasker.store.jdbc.ResultRow;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an H2 file that went back in time: truncated, rolled back to an older copy, or replaced by
 * another store's file. H2 opens such a file without a word, at an older state or empty, and then
 * overwrites what was left of the newer one; the engine would run on with tasks missing.
 *
 * <p><b>The generation.</b> The store holds an id (a UUID chosen when the store was first stamped) and a
 * generation number in the one row of {@code tasker_store_generation}, and the same two in a marker file
 * beside the database file, {@code <name>.tasker-generation}. The store raises the generation when it
 * opens, every few seconds while it writes (from the engine's maintenance pass) and when it closes, always
 * in this order: commit the new generation in the database, force the database file to disk, then replace
 * the marker (temporary file, {@code fsync}, atomic rename, {@code fsync} of the folder). So the marker never
 * names a generation that the file on disk does not hold, even across a power cut, and a file that holds an
 * older generation than its marker, a different store id, or no generation at all, lacks work the store
 * had done.
 *
 * <p><b>Checked before H2 writes.</b> H2 repairs a damaged file when it opens it for writing, which
 * destroys the evidence, so {@link #inspect} opens the file read-only first ({@code ACCESS_MODE_DATA=r}:
 * H2's MVStore then opens the file channel for reading only) and compares what it holds with the marker.
 * A refused file is left byte for byte as it was; the {@link StoreException} names the file, what is
 * missing and how to recover. A file H2 cannot read even read-only is refused too, marker or not.
 *
 * <p><b>Accepting a loss deliberately.</b> Deleting the marker file makes the next open accept the file as
 * it is and stamp it again (a store opened for the first time after this check was added has no marker
 * either). Work done since the last raise (at most the maintenance period, 5 s) is not covered: a copy of
 * the file taken less than that before the last write looks current.
 *
 * <p>Only embedded H2 files are checked. An in-memory database has nothing to lose across opens; a
 * client of an H2 server or a PostgreSQL database cannot see the file, and there the server's operator
 * owns restores (the PostgreSQL schema has the table, unused).
 *
 * <p>Over 400 lines as one piece: the read-only inspection before H2 opens the file and the raise after
 * it must agree on the marker's format and the table's meaning; most of the length is the refusal texts.
 */
final class StoreGeneration implements DatabaseModule.GenerationGuard {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGeneration.class);
    static final String MARKER_SUFFIX = ".tasker-generation";
    private static final String H2_SUFFIX = ".mv.db";
    private static final int DATABASE_ALREADY_OPEN = 90020;
    /** Raises of all stores in this JVM take turns, so that two stores on one file write the marker in order. */
    private static final ReentrantLock RAISING = new ReentrantLock();

    private static final String READ =
            "SELECT store_id, generation, raised_at FROM tasker_store_generation WHERE id = 1";
    private static final String BUMP = "UPDATE tasker_store_generation SET generation = generation + 1,"
            + " raised_at = CURRENT_TIMESTAMP WHERE id = 1";
    private static final String FIRST = "INSERT INTO tasker_store_generation (id, store_id, generation, raised_at)"
            + " VALUES (1, ?, 1, CURRENT_TIMESTAMP)";

    /** A store's id and generation, and when (by the database's clock) the generation was reached. */
    record Stamp(UUID storeId, long generation, Instant raisedAt) {}

    /** What the marker file says: the newest stamp the store reached, and the file's size then. */
    record Marker(Stamp stamp, long fileBytes) {}

    /** What a read-only look at the database file found. */
    record Found(boolean exists, long bytes, Stamp stamp, long tasks, String unreadable) {
        static Found absent() {
            return new Found(false, 0, null, -1, null);
        }
    }

    private final Path databaseFile;
    private final Path markerFile;
    /** False once H2 opened the file for writing: a refusal can no longer promise an unchanged file. */
    private boolean untouched = true;

    private StoreGeneration(Path databaseFile) {
        this.databaseFile = databaseFile;
        this.markerFile = markerOf(databaseFile);
    }

    /**
     * The file of an embedded H2 URL on the default file system ({@code jdbc:h2:[file:]path}); empty for
     * in-memory, server and other file-system prefixes ({@code nio:}, {@code split:}, a test's own), whose
     * files are not plain files beside which a marker can live.
     */
    static Optional<String> plainFile(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return Optional.empty();
        }
        String location = jdbcUrl.substring(8).split(";")[0];
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            location = location.substring(5);
        }
        if (location.matches("^[A-Za-z][A-Za-z0-9]+:.*")) {
            return Optional.empty();
        }
        return H2Dialect.fileOf(jdbcUrl);
    }

    /** The marker file of an H2 database file: {@code /x/tasks.mv.db} has {@code /x/tasks.tasker-generation}. */
    static Path markerOf(Path databaseFile) {
        String name = databaseFile.getFileName().toString();
        String base = name.endsWith(H2_SUFFIX) ? name.substring(0, name.length() - H2_SUFFIX.length()) : name;
        return databaseFile.resolveSibling(base + MARKER_SUFFIX);
    }

    /**
     * Before the store's pool opens the file: looks at it read-only and refuses it when it holds less
     * than its marker says. Returns the guard of the file, to raise its generation once the store is open;
     * empty when the URL names no embedded H2 file.
     */
    static Optional<StoreGeneration> inspect(String jdbcUrl, String username, String password) {
        Optional<String> file = plainFile(jdbcUrl);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        StoreGeneration guard = new StoreGeneration(Path.of(file.get()));
        Optional<Marker> marker = readMarker(guard.markerFile);
        Found found = guard.look(jdbcUrl, username, password);
        if (found != null) {
            guard.verify(marker, found);
        }
        return Optional.of(guard);
    }

    /**
     * Reads the file through a read-only connection of its own; null when another process holds the file
     * (the store's own open then reports that, or reaches it through that process's server).
     */
    private Found look(String jdbcUrl, String username, String password) {
        if (!Files.exists(databaseFile)) {
            return Found.absent();
        }
        long bytes = size(databaseFile);
        Properties credentials = new Properties();
        if (username != null) {
            credentials.setProperty("user", username);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        try (Connection c = new org.h2.Driver().connect(readOnlyUrl(jdbcUrl), credentials)) {
            return read(c, bytes);
        } catch (SQLException e) {
            if (e.getErrorCode() == DATABASE_ALREADY_OPEN) {
                return null;
            }
            return new Found(true, bytes, null, -1, e.getMessage());
        } catch (RuntimeException e) { // H2 throws its own unchecked exceptions on some damaged files
            return new Found(true, bytes, null, -1, String.valueOf(e.getMessage()));
        }
    }

    /** What the database behind {@code c} holds: its stamp (none before V4 or before the first raise) and tasks. */
    private static Found read(Connection c, long bytes) throws SQLException {
        Stamp stamp = null;
        long tasks = -1;
        if (hasTable(c, "TASKER_STORE_GENERATION")) {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(READ)) {
                if (r.next()) {
                    stamp = new Stamp(
                            r.getObject(1, UUID.class),
                            r.getLong(2),
                            r.getObject(3, OffsetDateTime.class).toInstant());
                }
            }
        }
        if (hasTable(c, "TASKER_TASKS")) {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT COUNT(*) FROM tasker_tasks")) {
                tasks = r.next() ? r.getLong(1) : -1;
            }
        }
        return new Found(true, bytes, stamp, tasks, null);
    }

    /**
     * The URL opened read-only: must exist, never written, not through (or as) an automatic server, with
     * no statements run at connect.
     */
    static String readOnlyUrl(String jdbcUrl) {
        String[] parts = jdbcUrl.split(";");
        StringBuilder url = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String key = parts[i].trim().toUpperCase(Locale.ROOT);
            if (key.isEmpty()
                    || key.startsWith("AUTO_SERVER")
                    || key.startsWith("ACCESS_MODE_DATA")
                    || key.startsWith("IFEXISTS")
                    || key.startsWith("WRITE_DELAY")
                    || key.startsWith("INIT=")
                    || key.startsWith("DB_CLOSE_DELAY")) {
                continue;
            }
            url.append(';').append(parts[i]);
        }
        // DB_CLOSE_DELAY=0: the read-only database closes with this connection, so the store's pool
        // cannot join it (H2 shares one open database per file within a JVM).
        return url.append(";ACCESS_MODE_DATA=r;IFEXISTS=TRUE;DB_CLOSE_DELAY=0").toString();
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (ResultSet r = c.getMetaData().getTables(null, null, name, null)) {
            return r.next();
        }
    }

    /** Throws when the file holds less than the marker says, or cannot be read at all. */
    void verify(Optional<Marker> marker, Found found) {
        if (found.unreadable() != null) {
            throw refused(
                    "H2 cannot read it even read-only (" + found.unreadable() + "): it is damaged,"
                            + " most likely truncated (" + mb(found.bytes()) + " now"
                            + marker.map(m -> ", " + mb(m.fileBytes()) + " at generation "
                                            + m.stamp().generation())
                                    .orElse("")
                            + ")",
                    marker.isPresent());
        }
        if (marker.isEmpty()) {
            return; // never stamped, or the operator deleted the marker to accept the file as it is
        }
        Stamp expected = marker.get().stamp();
        String size = " (the file is " + mb(found.bytes()) + " now, it was "
                + mb(marker.get().fileBytes()) + " at generation " + expected.generation() + ")";
        String holds = found.tasks() < 0 ? "" : "; the file holds " + found.tasks() + " task(s)";
        if (!found.exists()) {
            throw refused(
                    "the file does not exist, but the store had reached generation " + expected.generation() + " at "
                            + expected.raisedAt() + ": it was deleted or moved",
                    true);
        }
        if (found.stamp() == null) {
            throw refused(
                    "the file holds no store generation at all, but the store had reached generation "
                            + expected.generation() + " at " + expected.raisedAt() + ": the file is truncated to an"
                            + " early state or was replaced by another file" + size + holds,
                    true);
        }
        Stamp actual = found.stamp();
        if (!actual.storeId().equals(expected.storeId())) {
            throw refused(
                    "the file belongs to another store (store id " + actual.storeId() + ", generation "
                            + actual.generation() + "), not to store " + expected.storeId() + " that the marker names:"
                            + " it was replaced by another store's file" + holds,
                    true);
        }
        if (actual.generation() < expected.generation()) {
            long seconds =
                    Duration.between(actual.raisedAt(), expected.raisedAt()).toSeconds();
            String lost = "the file lacks what the store wrote in "
                    + (seconds < 1 ? "the last seconds" : "about " + seconds + " s") + " after generation "
                    + actual.generation();
            throw refused(
                    "the file holds generation " + actual.generation() + " (reached " + actual.raisedAt()
                            + ") but the last generation this store reached is " + expected.generation() + " (at "
                            + expected.raisedAt() + "): " + lost + "; the file was truncated"
                            + " or an older copy was put back" + size + holds,
                    true);
        }
    }

    private StoreException refused(String what, boolean hasMarker) {
        String accept = hasMarker
                ? " To accept the loss deliberately and go on with the file as it is, delete the marker file "
                        + markerFile + " and start again."
                : " To salvage what it holds, run org.h2.tools.Recover on a copy.";
        return new StoreException("Refusing to open the Tasker store " + databaseFile + ": it went back in time: "
                + what
                + (untouched
                        ? ". The file was left untouched."
                        : ". H2 had opened the file for writing"
                                + " already, so it may have rewritten its damaged part; keep the backup.")
                + " To recover, stop and restore the newest backup of "
                + databaseFile + " (with its marker file " + markerFile + ")." + accept);
    }

    /**
     * The guard of the file an open store's URL names (an application's DataSource opened it already, so
     * there is no looking before H2 writes); empty when it names no embedded H2 file.
     */
    static Optional<StoreGeneration> forOpened(String jdbcUrl) {
        return plainFile(jdbcUrl).map(file -> {
            StoreGeneration guard = new StoreGeneration(Path.of(file));
            guard.untouched = false;
            return guard;
        });
    }

    /**
     * Checks again through the store's connections, before the migrations write anything: H2 opened the
     * file for writing meanwhile (or the application's DataSource did, unseen by {@link #inspect}), and a
     * file H2 damaged or rewound at that point must not be run on either.
     */
    @Override
    public void checkOpened(Jdbc jdbc) {
        Optional<Marker> marker = readMarker(markerFile);
        if (marker.isEmpty()) {
            return;
        }
        Found found = jdbc.onConnection("read the store generation", c -> read(c, size(databaseFile)));
        boolean wasUntouched = untouched;
        untouched = false; // H2 has the file open for writing now
        try {
            verify(marker, found);
        } finally {
            untouched = wasUntouched;
        }
    }

    private static Stamp stamp(ResultRow row) throws SQLException {
        return new Stamp(row.uuid("store_id"), row.longValue("generation"), row.instant("raised_at"));
    }

    /**
     * Raises the generation: commits it in the database, forces the file to disk, then replaces the
     * marker. Returns the new stamp.
     */
    @Override
    public void raiseGeneration(Jdbc jdbc) {
        raise(jdbc);
    }

    Stamp raise(Jdbc jdbc) {
        RAISING.lock();
        try {
            Stamp stamp = jdbc.inTransaction("raise the store generation", c -> {
                if (jdbc.update(c, BUMP, Jdbc.NO_PARAMETERS) == 0) {
                    jdbc.update(c, FIRST, p -> p.uuid(UUID.randomUUID()));
                }
                return jdbc.query(c, READ, Jdbc.NO_PARAMETERS, StoreGeneration::stamp)
                        .get(0);
            });
            jdbc.onConnection("force the H2 file to disk", c -> {
                org.h2.mvstore.MVStore mv = H2Dialect.fileStoreOf(c);
                if (mv != null) {
                    StoreHeader.catchUp(mv); // the header names the chunk with the generation before the fsync
                    mv.sync();
                } else {
                    try (Statement s = c.createStatement()) {
                        s.execute("CHECKPOINT SYNC");
                    }
                }
                return null;
            });
            writeMarker(markerFile, new Marker(stamp, size(databaseFile)));
            return stamp;
        } finally {
            RAISING.unlock();
        }
    }

    Path markerFile() {
        return markerFile;
    }

    Path databaseFile() {
        return databaseFile;
    }

    /** The marker's content, or empty when there is none; a marker that cannot be read is an error. */
    static Optional<Marker> readMarker(Path marker) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(Files.readString(marker, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("Cannot read the Tasker generation marker " + marker + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(new Marker(
                    new Stamp(
                            UUID.fromString(p.getProperty("store")),
                            Long.parseLong(p.getProperty("generation")),
                            Instant.parse(p.getProperty("raised_at"))),
                    Long.parseLong(p.getProperty("file_bytes", "0"))));
        } catch (RuntimeException e) {
            throw new StoreException(
                    "The Tasker generation marker " + marker + " is damaged (" + e
                            + "); restore it from the backup of the database file, or delete it to accept the database"
                            + " file as it is",
                    e);
        }
    }

    /** Replaces the marker atomically and durably: a temporary file, fsync, rename, fsync of the folder. */
    static void writeMarker(Path marker, Marker content) {
        Stamp s = content.stamp();
        String text = "# Tasker store generation: the newest state the database file beside it reached.\n"
                + "# Written by the engine; a database file holding less is refused. Delete this file only to\n"
                + "# accept a database file that lost work (see StoreGeneration).\n"
                + "store=" + s.storeId() + "\ngeneration=" + s.generation() + "\nraised_at=" + s.raisedAt()
                + "\nfile_bytes=" + content.fileBytes() + "\n";
        Path temporary = marker.resolveSibling(marker.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            try {
                Files.move(temporary, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, marker, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder(marker.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StoreException("Cannot write the Tasker generation marker " + marker + ": " + e, e);
        }
    }

    /** Makes the rename durable; some platforms (Windows) cannot open a folder, and need not. */
    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync the folder {}: {}", folder, e.toString());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "unknown size" : String.format(Locale.ROOT, "%,d bytes (%.1f MB)", bytes, bytes / 1e6);
    }
}
