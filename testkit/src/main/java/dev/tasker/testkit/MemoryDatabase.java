package dev.tasker.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh in-memory H2 database. {@code DB_CLOSE_DELAY=-1} keeps it while no connection is open, so a
 * restarted engine finds what the crashed one committed; {@link #drop()} frees it at the end of the test.
 */
final class MemoryDatabase {
    private final String url = "jdbc:h2:mem:testkit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    String url() {
        return url;
    }

    void drop() {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test database " + url + ": " + e.getMessage(), e);
        }
    }
}
