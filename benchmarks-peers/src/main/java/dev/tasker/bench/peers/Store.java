package dev.tasker.bench.peers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Where one system keeps its state for one run: a fresh H2 file in its own temporary folder, or its own
 * schema of the PostgreSQL database, dropped and created anew before the run. H2 files are opened with
 * {@code WRITE_DELAY=0}, as the engine opens its own, so that every system's commit is in the file
 * (the operating system's cache) before it returns.
 */
record Store(Kind kind, String jdbcUrl, String label) {
    enum Kind {
        H2,
        POSTGRES
    }

    /** A fresh H2 file named {@code name} in a new temporary folder. */
    static Store h2(String name) throws IOException {
        Path dir = Files.createTempDirectory("tasker-peers-" + name);
        return new Store(Kind.H2, "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath() + ";WRITE_DELAY=0", "H2 file");
    }

    /** The schema {@code schema} of the database {@code baseUrl} names, dropped and created anew. */
    static Store postgres(String baseUrl, String schema, String label) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(baseUrl);
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
            s.execute("create schema " + schema);
        }
        return new Store(Kind.POSTGRES, withParameter(baseUrl, "currentSchema", schema), label);
    }

    /** The server's version, e.g. "PostgreSQL 15.20", for the store column. */
    static String postgresLabel(String baseUrl) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(baseUrl)) {
            return "PostgreSQL " + c.getMetaData().getDatabaseProductVersion().split(" ")[0];
        }
    }

    static String withParameter(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + value;
    }

    /** A connection pool on this store, for the peers that take a {@link DataSource}. */
    HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setPoolName("peers-" + kind.name().toLowerCase(Locale.ROOT));
        return new HikariDataSource(config);
    }

    /**
     * The join of a diamond for the peers with no join of their own: a row per diamond holding how many of
     * B and C are still running, created by A and counted down by B and C; the one that counts it to zero
     * schedules D. The decrement and the read are one transaction (the row stays locked between them), so
     * exactly one of B and C sees zero.
     */
    static void createJoinTable(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create table peers_join (id varchar(64) primary key, remaining int not null)");
        }
    }

    static void insertJoin(DataSource ds, String id) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement p = c.prepareStatement("insert into peers_join (id, remaining) values (?, 2)")) {
            p.setString(1, id);
            p.executeUpdate();
        }
    }

    /** Counts the join of diamond {@code id} down; true for the one caller that brought it to zero. */
    static boolean countDownJoin(DataSource ds, String id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                int remaining;
                try (PreparedStatement u =
                        c.prepareStatement("update peers_join set remaining = remaining - 1 where id = ?")) {
                    u.setString(1, id);
                    if (u.executeUpdate() != 1) {
                        throw new IllegalStateException("no join row for diamond " + id);
                    }
                }
                try (PreparedStatement q = c.prepareStatement("select remaining from peers_join where id = ?")) {
                    q.setString(1, id);
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        remaining = r.getInt(1);
                    }
                }
                c.commit();
                return remaining == 0;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
