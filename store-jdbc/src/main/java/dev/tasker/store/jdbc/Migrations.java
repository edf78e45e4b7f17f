package dev.tasker.store.jdbc;

import dev.tasker.engine.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the schema to the newest version this module knows. The versions are SQL files on the
 * classpath of the dialect's module, in the folder {@link SqlDialect#migrationsFolder()} names (every
 * migration is the dialect's own: no file is shared), named
 * {@code V<n>__<description>.sql} and listed in that folder's {@code index} file (a classpath folder
 * cannot be listed portably); each applied one is a row of {@code tasker_schema_version}.
 *
 * <p>Each migration runs in its own transaction and records its version row in it. Several engines may
 * open one database at once. Within one JVM (which holds every session of an embedded H2 database) they
 * take turns on a lock. Across processes, each transaction of the runner first takes the dialect's schema
 * lock ({@link SqlDialect#lockSchemaChanges}: an advisory lock on PostgreSQL, whose DDL is transactional)
 * and checks again under it whether the migration is recorded, so the engines take turns there too.
 * Without such a lock (H2 through a server), every statement of a migration file is idempotent ({@code IF NOT EXISTS}),
 * and the version is the row's primary key, so the schema is built once and recorded once; the engine
 * that loses the race sees its insert fail, finds the version recorded, and carries on. A statement that
 * fails because a concurrent engine created the same object at the same instant (H2 and PostgreSQL both
 * allow that race) makes the migration run again, at most once per statement. The idempotent statements also
 * matter on H2, which commits DDL at once: a migration cut off half way runs again cleanly.
 */
final class Migrations {
    /** Serializes the stores of one JVM (all sessions of an embedded H2 database are in one JVM). */
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    // Portable DDL: the table must exist before any dialect's files are read.
    private static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS tasker_schema_version ("
            + "version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
            + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)";
    // The database's clock, not the engine's: this records when the schema changed on that database.
    private static final String RECORD = "INSERT INTO tasker_schema_version (version, description, applied_at)"
            + " VALUES (?, ?, CURRENT_TIMESTAMP)";

    /** One versioned schema change. */
    record Migration(int version, String description, List<String> statements) {}

    private static final String IS_RECORDED = "SELECT version FROM tasker_schema_version WHERE version = ?";

    private final Jdbc jdbc;
    private final SqlDialect dialect;
    private final List<Migration> known;

    Migrations(Jdbc jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.known = load(dialect);
    }

    /** Applies the migrations the database lacks, in order, and returns the schema version. */
    int apply() {
        // Held across JDBC calls on purpose: this runs once per store opening, never on a hot path.
        IN_THIS_JVM.lock();
        try {
            jdbc.inTransaction("create the table tasker_schema_version", c -> {
                dialect.lockSchemaChanges(c);
                return jdbc.update(c, VERSION_TABLE, Jdbc.NO_PARAMETERS);
            });
            Set<Integer> applied = appliedVersions();
            int newest = known.get(known.size() - 1).version();
            int stored = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
            if (stored > newest) {
                throw new StoreException(
                        "The database schema is at version " + stored + ", newer than version " + newest
                                + ", the newest this Tasker knows; use the Tasker release that wrote it or a later one");
            }
            for (Migration migration : known) {
                if (!applied.contains(migration.version())) {
                    applyOne(migration);
                }
            }
            return newest;
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    /**
     * Checks, writing nothing, that the database holds the schema at the newest version this module knows, and
     * returns it; for a store opened without migrations.
     *
     * @param where how messages name the database
     * @throws StoreException naming the database when it has no Tasker schema, or an older or newer one
     */
    int verify(String where) {
        boolean present = jdbc.onConnection("look for the table tasker_schema_version", Migrations::hasVersionTable);
        if (!present) {
            throw new StoreException("no Tasker schema at " + where + " (no table tasker_schema_version): an"
                    + " application's engine creates it on its first start; check that this is the application's"
                    + " database");
        }
        int newest = known.get(known.size() - 1).version();
        int stored =
                appliedVersions().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (stored != newest) {
            throw new StoreException("the Tasker schema at " + where + " is at version " + stored + ", this Tasker"
                    + " reads version " + newest
                    + (stored < newest
                            ? ": start the application with this release once (it migrates the schema) first"
                            : ": use the Tasker release that wrote it or a later one"));
        }
        return newest;
    }

    /** Whether the current schema of the connection has the version table, in the case the database stores names. */
    private static boolean hasVersionTable(Connection c) throws java.sql.SQLException {
        String schema = c.getSchema();
        for (String name : new String[] {"tasker_schema_version", "TASKER_SCHEMA_VERSION"}) {
            try (ResultSet tables = c.getMetaData().getTables(c.getCatalog(), schema, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    Set<Integer> appliedVersions() {
        return new HashSet<>(jdbc.query(
                "read the applied schema versions",
                "SELECT version FROM tasker_schema_version",
                Jdbc.NO_PARAMETERS,
                row -> row.integer("version")));
    }

    private void applyOne(Migration migration) {
        String doing = "apply schema migration V" + migration.version() + " (" + migration.description() + ")";
        // Each failed attempt lost a race for one object, which then exists and is skipped next time:
        // an attempt per statement is enough for any number of racing engines.
        int attempts = migration.statements().size() + 1;
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.inTransaction(doing, c -> {
                    dialect.lockSchemaChanges(c);
                    if (!jdbc.query(c, IS_RECORDED, p -> p.integer(migration.version()), r -> r.integer("version"))
                            .isEmpty()) {
                        return 0; // applied by an engine that held the lock before us
                    }
                    for (String statement : migration.statements()) {
                        jdbc.update(c, statement, Jdbc.NO_PARAMETERS);
                    }
                    return jdbc.update(
                            c, RECORD, p -> p.integer(migration.version()).text(migration.description()));
                });
                return;
            } catch (StoreException e) {
                if (appliedVersions().contains(migration.version())) {
                    return; // another engine applied and recorded it meanwhile
                }
                if (attempt == attempts) {
                    throw e;
                }
                // Another process's DDL raced ours where the dialect takes no schema lock (H2 through a
                // server tests IF NOT EXISTS before it locks the schema); the statements are idempotent, so
                // running them again finishes the job. A lost race can also leave an earlier version
                // recorded without all its objects (one engine's CREATE saw another's table that was then
                // rolled back), so the earlier versions' statements run again first; they are idempotent.
                repairEarlier(migration.version());
            }
        }
    }

    /** Runs the statements of the versions before {@code version} again, each on its own, ignoring failures. */
    private void repairEarlier(int version) {
        for (Migration earlier : known) {
            if (earlier.version() >= version) {
                return;
            }
            for (String statement : earlier.statements()) {
                try {
                    jdbc.inTransaction(
                            "repeat schema migration V" + earlier.version(),
                            c -> jdbc.update(c, statement, Jdbc.NO_PARAMETERS));
                } catch (StoreException e) {
                    // lost to another engine again: the next attempt repeats it
                }
            }
        }
    }

    static List<Migration> load(SqlDialect dialect) {
        String folder = dialect.migrationsFolder();
        List<Migration> migrations = new ArrayList<>();
        for (String file : read(dialect, "index").split("\\R")) {
            if (file.isBlank()) {
                continue;
            }
            Matcher name = FILE_NAME.matcher(file.trim());
            if (!name.matches()) {
                throw new IllegalStateException("bad migration file name in " + folder + "/index: " + file);
            }
            migrations.add(new Migration(
                    Integer.parseInt(name.group(1)),
                    name.group(2).replace('_', ' '),
                    statements(read(dialect, file.trim()))));
        }
        return migrations;
    }

    /** The statements of a file: comment lines dropped, split at each {@code ;}. */
    static List<String> statements(String sql) {
        String withoutComments = String.join(
                "\n", sql.lines().filter(l -> !l.trim().startsWith("--")).toList());
        return Arrays.stream(withoutComments.split(";"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Read through the dialect's class, so that the files are found in its module. */
    private static String read(SqlDialect dialect, String file) {
        String path = dialect.migrationsFolder() + "/" + file;
        try (InputStream in = dialect.openMigrationFile(file)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration resource " + path, e);
        }
    }
}
