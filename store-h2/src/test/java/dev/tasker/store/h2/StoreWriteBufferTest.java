package dev.tasker.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.store.jdbc.SqlDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreWriteBufferTest {
    private static final long MIB = 1024 * 1024;
    /** About 48 MiB of rows: past H2's own 19 MiB, within what the store allows with a heap of 1 GiB or more. */
    private static final int ROWS = 48_000;

    private static final String ROW_TEXT = "x".repeat(1000);

    private final H2Dialect dialect = new H2Dialect();

    @Test
    void theThresholdIsASixteenthOfTheHeapBetweenH2sOwnAnd256MiB() {
        long h2 = 19 * MIB;
        assertEquals(128 * MIB, StoreWriteBuffer.chosen(2048 * MIB, h2, null));
        assertEquals(256 * MIB, StoreWriteBuffer.chosen(8192 * MIB, h2, null));
        assertEquals(h2, StoreWriteBuffer.chosen(256 * MIB, h2, null), "never below H2's own");
        assertEquals(64 * MIB, StoreWriteBuffer.chosen(256 * MIB, h2, 64), "the setting wins over the heap");
        assertEquals(h2, StoreWriteBuffer.chosen(8192 * MIB, h2, 0), "0 leaves H2's own");
        assertEquals(h2, StoreWriteBuffer.chosen(8192 * MIB, h2, 1), "a setting below H2's own is not taken");
    }

    @Test
    void itIsAvailableForThePinnedH2UpToJava25() {
        assertEquals(
                Runtime.version().feature() <= 25,
                StoreWriteBuffer.available(),
                "StoreWriteBuffer did not find H2's autoCommitMemory: was H2 upgraded?");
    }

    @Test
    void aLargeWriteBatchIsStoredOnceAtItsCommitThroughTheStore(@TempDir Path directory) throws SQLException {
        try (Connection connection = open(directory.resolve("widened"))) {
            MVStore store = H2Dialect.fileStoreOf(connection);
            int h2Own = store.getAutoCommitMemory();
            long versionBefore;
            try (SqlDialect.TransactionGuard guard = dialect.enterTransaction(connection)) {
                long expected = StoreWriteBuffer.available()
                        ? StoreWriteBuffer.chosen(Runtime.getRuntime().maxMemory(), h2Own, null)
                        : h2Own;
                assertEquals(expected, store.getAutoCommitMemory());
                assertTrue(
                        store.getAutoCommitMemory() >= 64 * MIB,
                        "this test needs a heap of 1 GiB or more (threshold " + store.getAutoCommitMemory() / MIB
                                + " MiB)");
                versionBefore = store.getCurrentVersion();
                insertRows(connection);
                assertEquals(versionBefore, store.getCurrentVersion(), "stores of the store before the commit");
                connection.commit();
                dialect.afterCommit(connection, true);
            }
            long stores = store.getCurrentVersion() - versionBefore;
            // the commit's own store, and at most one more from afterCommit when the commit left pages unsaved
            assertTrue(stores >= 1 && stores <= 2, "stores of the store for one transaction: " + stores);
        }
    }

    /** The control: the same transaction on a file H2 was left alone on is stored part-way, several times. */
    @Test
    void withoutItH2StoresTheSameTransactionPartWay(@TempDir Path directory) throws SQLException {
        try (Connection connection = open(directory.resolve("plain"))) {
            MVStore store = H2Dialect.fileStoreOf(connection);
            long versionBefore = store.getCurrentVersion();
            insertRows(connection);
            long partWay = store.getCurrentVersion() - versionBefore;
            connection.commit();
            assertTrue(
                    partWay >= 2,
                    "H2 stored " + partWay + " times before the commit (its threshold "
                            + store.getAutoCommitMemory() / MIB + " MiB)");
        }
    }

    private Connection open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection(dialect.prepareUrl("jdbc:h2:file:" + file));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE rows_ (id INT PRIMARY KEY, text_ VARCHAR)");
        }
        connection.setAutoCommit(false);
        return connection;
    }

    private static void insertRows(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rows_ VALUES (?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                insert.setInt(1, i);
                insert.setString(2, ROW_TEXT);
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }
}
