package dev.tasker.bench;

import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * {@code ./tasker bench generation [--mb 50] [--runs 9]}: what the guard against an H2 file that went back
 * in time costs (README, "A store that went back in time"). On an H2 file of about {@code --mb} MB:
 * <ul>
 *   <li>the look before opening: the read-only open and the two queries {@code StoreGeneration.inspect}
 *       makes at every {@code build()}, next to a whole store open for scale;</li>
 *   <li>a raise (commit, fsync of the H2 file, marker written and renamed, folder fsync), which the
 *       maintenance pass does every 5 s after writes: {@code maintain()} after a one-row write, less
 *       {@code maintain()} with nothing written (which raises nothing).</li>
 * </ul>
 * Medians of {@code --runs} runs.
 */
final class GenerationBench {
    private GenerationBench() {}

    static void run(Bench.Options o) throws Exception {
        int mb = o.integer("mb", 50);
        int runs = o.integer("runs", 9);
        Path dir = Files.createTempDirectory("tasker-generation-bench");
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        Path file = dir.resolve("db.mv.db");
        String context = "{\"pad\":\"" + "x".repeat(1500) + "\"}";
        int tasks = 0;
        try (WorkflowStore store = open(url)) {
            while (Files.size(file) < mb * 1_000_000L) {
                WriteBatch batch = new WriteBatch();
                Instant now = Instant.now();
                for (int i = 0; i < 500; i++, tasks++) {
                    UUID id = UUID.randomUUID();
                    batch.insertTask(new TaskRow(
                            id,
                            "bench",
                            "generation",
                            "1.0.0",
                            context,
                            null,
                            0,
                            id.toString(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            TaskState.COMPLETE,
                            now,
                            now,
                            now,
                            null));
                }
                store.apply(batch);
            }
        }
        System.out.printf("H2 file of %.1f MB with %d tasks (%s)%n", Files.size(file) / 1e6, tasks, file);

        double[] look = new double[runs];
        double[] storeOpen = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            try (Connection c =
                            DriverManager.getConnection(url + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE;DB_CLOSE_DELAY=0");
                    Statement s = c.createStatement()) {
                try (ResultSet rows = s.executeQuery(
                        "SELECT store_id, generation, raised_at FROM" + " tasker_store_generation WHERE id = 1")) {
                    rows.next();
                }
                try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM tasker_tasks")) {
                    rows.next();
                }
            }
            look[r] = (System.nanoTime() - t0) / 1e6;
            long t1 = System.nanoTime();
            open(url).close();
            storeOpen[r] = (System.nanoTime() - t1) / 1e6;
        }

        double[] raising = new double[runs];
        double[] idle = new double[runs];
        try (WorkflowStore store = open(url)) {
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                store.maintain();
                idle[r] = (System.nanoTime() - t0) / 1e6;
                Instant now = Instant.now();
                UUID id = UUID.randomUUID();
                store.apply(new WriteBatch()
                        .insertTask(new TaskRow(
                                id,
                                "bench",
                                "generation",
                                "1.0.0",
                                "{}",
                                null,
                                0,
                                id.toString(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                TaskState.COMPLETE,
                                now,
                                now,
                                now,
                                null)));
                long t1 = System.nanoTime();
                store.maintain();
                raising[r] = (System.nanoTime() - t1) / 1e6;
            }
        }
        System.out.printf(
                "look before open (read-only open + 2 queries): median %.1f ms (min %.1f, max %.1f);"
                        + " whole store open+close for scale: median %.1f ms%n",
                median(look), min(look), max(look), median(storeOpen));
        System.out.printf(
                "maintain() after a write (raises): median %.2f ms; with nothing written (no raise):"
                        + " median %.2f ms; a raise costs about %.2f ms, once per 5 s of writing%n",
                median(raising), median(idle), median(raising) - median(idle));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static WorkflowStore open(String url) {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 2, null));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
