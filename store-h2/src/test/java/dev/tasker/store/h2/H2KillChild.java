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
import java.util.ArrayList;
import java.util.List;

/**
 * Plain H2 under SIGKILL, no engine: the smallest reproducer of acknowledged commits lost by H2 2.5.252
 * with {@code WRITE_DELAY=0} (DESIGN.md, "H2 and kill -9"). Run in a child JVM by {@link H2CommitDurabilityTest}.
 *
 * <p>{@code H2KillChild URL LOG WRITERS COMPACT FIX RETENTION}: WRITERS threads each insert one row per transaction
 * into {@code acked(id)}; after {@code commit()} returns (and, when FIX is true, after
 * {@link H2Dialect#afterCommit}, inside {@link H2Dialect#enterTransaction}'s guard) the row's id is appended to LOG and the log is fsynced, so LOG lists
 * only acknowledged commits. With COMPACT true a thread runs the engine's file compaction
 * ({@link H2Dialect#maintain}) in a loop beside them; RETENTION, when not -1, sets the MVStore's retention time
 * (in ms; H2's default is 45 s). An optional seventh argument BIG_ROWS, when above 0, adds a writer of large
 * transactions: each inserts BIG_ROWS rows of 1,000 characters into {@code big(batch, k)} (more than H2 stores
 * part-way on its own, see {@link StoreWriteBuffer}) and, once committed, appends {@code big:<batch>} to LOG.
 * Prints {@code ready} once writing starts.
 */
final class H2KillChild {
    private H2KillChild() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path log = Path.of(args[1]);
        int writers = Integer.parseInt(args[2]);
        boolean compact = Boolean.parseBoolean(args[3]);
        boolean fix = Boolean.parseBoolean(args[4]);
        int retention = Integer.parseInt(args[5]);
        int bigRows = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        H2Dialect dialect = new H2Dialect();
        try (Connection setup = DriverManager.getConnection(url)) {
            try (Statement statement = setup.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS acked (id VARCHAR(64) PRIMARY KEY, pad VARCHAR(400))");
                statement.execute("CREATE TABLE IF NOT EXISTS big (batch VARCHAR(64), k INT, pad VARCHAR(1000),"
                        + " PRIMARY KEY (batch, k))");
            }
            FileChannel out = FileChannel.open(
                    log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            String run = Long.toString(ProcessHandle.current().pid());
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String prefix = run + "-" + w + "-";
                threads.add(Thread.ofPlatform().start(() -> write(url, prefix, out, fix, dialect)));
            }
            if (bigRows > 0) {
                threads.add(Thread.ofPlatform().start(() -> writeBig(url, run + "-big-", bigRows, out, fix, dialect)));
            }
            if (retention >= 0) { // what the engine did before: superseded chunks released at once
                H2Dialect.fileStoreOf(setup).setRetentionTime(retention);
            }
            if (compact) {
                threads.add(Thread.ofPlatform().daemon().start(() -> compact(setup, dialect)));
            }
            System.out.println("ready");
            System.out.flush();
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private static void write(String url, String prefix, FileChannel out, boolean fix, H2Dialect dialect) {
        String pad = "x".repeat(300);
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO acked (id, pad) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            for (long i = 0; ; i++) {
                String id = prefix + i;
                try (SqlDialect.TransactionGuard guard =
                        fix ? dialect.enterTransaction(connection) : SqlDialect.NO_GUARD) {
                    insert.setString(1, id);
                    insert.setString(2, pad);
                    insert.executeUpdate();
                    connection.commit();
                    if (fix) {
                        dialect.afterCommit(connection, true);
                    }
                }
                byte[] line = (id + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (out) {
                    out.write(ByteBuffer.wrap(line));
                    out.force(false);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeBig(String url, String prefix, int rows, FileChannel out, boolean fix, H2Dialect dialect) {
        String pad = "y".repeat(1000);
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO big (batch, k, pad) VALUES (?, ?, ?)")) {
            connection.setAutoCommit(false);
            for (long b = 0; ; b++) {
                String batch = prefix + b;
                try (SqlDialect.TransactionGuard guard =
                        fix ? dialect.enterTransaction(connection) : SqlDialect.NO_GUARD) {
                    for (int k = 0; k < rows; k++) {
                        insert.setString(1, batch);
                        insert.setInt(2, k);
                        insert.setString(3, pad);
                        insert.addBatch();
                        if (k % 500 == 499) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                    connection.commit();
                    if (fix) {
                        dialect.afterCommit(connection, true);
                    }
                }
                byte[] line = ("big:" + batch + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (out) {
                    out.write(ByteBuffer.wrap(line));
                    out.force(false);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compact(Connection connection, H2Dialect dialect) {
        try {
            while (true) {
                dialect.maintain(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
