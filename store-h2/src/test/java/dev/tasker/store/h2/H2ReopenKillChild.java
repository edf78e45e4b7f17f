package dev.tasker.store.h2;

import dev.tasker.store.jdbc.SqlDialect;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain H2 opening the file a SIGKILL left and killed again soon after: run in a child JVM by
 * {@link H2ReopenKillTest}. {@code H2ReopenKillChild URL LOG HOLD FIX RETENTION}: opens URL (H2 recovers the crashed
 * file), with HOLD true keeps a transaction open on another connection (a row locked with
 * {@code SELECT ... FOR UPDATE}, like the store-owner lock), with FIX false turns {@link StoreHeader}'s repair off, with RETENTION not -1 sets the MVStore's retention time (ms),
 * prints {@code ready}, then one writer inserts one row per transaction and appends each acknowledged id to LOG
 * (fsynced) after {@code commit()} and {@link H2Dialect#afterCommit} returned.
 */
final class H2ReopenKillChild {
    private H2ReopenKillChild() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path log = Path.of(args[1]);
        boolean hold = Boolean.parseBoolean(args[2]);
        boolean fix = Boolean.parseBoolean(args[3]);
        int retention = Integer.parseInt(args[4]);
        H2Dialect dialect = new H2Dialect();
        StoreHeader.enabled = fix;
        try (Connection setup = DriverManager.getConnection(url);
                Connection holder = DriverManager.getConnection(url)) {
            try (Statement statement = setup.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS acked (id VARCHAR(64) PRIMARY KEY, pad VARCHAR(400))");
                statement.execute("CREATE TABLE IF NOT EXISTS owner (id INT PRIMARY KEY, pid BIGINT)");
                statement.execute("MERGE INTO owner KEY (id) VALUES (1, 0)");
                statement.execute("CREATE TABLE IF NOT EXISTS churn (id INT PRIMARY KEY, n BIGINT, pad VARCHAR(2000))");
                statement.execute("MERGE INTO churn KEY (id) SELECT X, 0, REPEAT('y', 1500) FROM SYSTEM_RANGE(1, 400)");
            }
            if (retention >= 0) { // 0: chunk space reused at once, as in any file older than H2's 45 s
                H2Dialect.fileStoreOf(setup).getFileStore().setRetentionTime(retention);
            }
            dialect.afterCommit(setup, true);
            if (hold) {
                holder.setAutoCommit(false);
                try (Statement statement = holder.createStatement()) {
                    statement
                            .executeQuery("SELECT * FROM owner WHERE id = 1 FOR UPDATE")
                            .close();
                }
            }
            System.out.println("ready");
            System.out.flush();
            write(url, log, dialect);
        }
    }

    private static void write(String url, Path log, H2Dialect dialect) throws SQLException, IOException {
        String prefix = ProcessHandle.current().pid() + "-";
        String pad = "x".repeat(300);
        try (FileChannel out = FileChannel.open(
                        log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                Connection connection = DriverManager.getConnection(url);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO acked (id, pad) VALUES (?, ?)");
                PreparedStatement update = connection.prepareStatement("UPDATE churn SET n = n + 1 WHERE id = ?")) {
            java.util.Random random = new java.util.Random();
            connection.setAutoCommit(false);
            for (long i = 0; ; i++) {
                String id = prefix + i;
                try (SqlDialect.TransactionGuard guard = dialect.enterTransaction(connection)) {
                    insert.setString(1, id);
                    insert.setString(2, pad);
                    insert.executeUpdate();
                    for (int u = 0;
                            u < 5;
                            u++) { // rewrites pages of older chunks, so chunks die and their space is reused
                        update.setInt(1, 1 + random.nextInt(400));
                        update.executeUpdate();
                    }
                    connection.commit();
                    dialect.afterCommit(connection, true);
                }
                out.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
                out.force(false);
            }
        }
    }
}
