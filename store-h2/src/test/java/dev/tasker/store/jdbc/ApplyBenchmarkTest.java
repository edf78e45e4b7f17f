package dev.tasker.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.engine.StepState;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.h2.H2Dialect;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test of behaviour (excluded from the build; run with
 * {@code mvn -o verify -pl store-h2 -Dtasker.excludedGroups= -Dgroups=bench}): the cost of
 * {@code apply} for group commits of 1, 16, 64 and 128 step completions (a guarded step update, a
 * result upsert and a step transition each) on an H2 file database, with the durable setting the
 * provider adds, with foreign keys added, and with H2's default write delay for comparison.
 */
@Tag("bench")
class ApplyBenchmarkTest {
    private static final int[] BATCH_SIZES = {1, 16, 64, 128};
    private static final int REPETITIONS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU time (user + system, so the file writes count) of the writer thread in the last run. */
    private static double lastCpuSeconds;

    private static final String RESULT = "{\"invoice_id\":\"INV-000123\",\"total\":1234.56,\"lines\":["
            + "{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-7\",\"qty\":1}],\"status\":\"posted\"}";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    @TempDir
    Path directory;

    @Test
    void group_commit_cost_on_an_h2_file() throws SQLException {
        // The first configuration would also pay for compiling the code paths all of them share.
        measure("warm-up (discard)", "jdbc:h2:file:" + directory.resolve("warm-up"), false);
        measure("durable (WRITE_DELAY=0)", "jdbc:h2:file:" + directory.resolve("durable"), false);
        measure("durable + foreign keys", "jdbc:h2:file:" + directory.resolve("fk"), true);
        measure("durable again (order check)", "jdbc:h2:file:" + directory.resolve("durable-again"), false);
        measure(
                "H2 default WRITE_DELAY=500 (not durable)",
                "jdbc:h2:file:" + directory.resolve("lazy") + ";WRITE_DELAY=500",
                false);
    }

    private static void measure(String label, String url, boolean foreignKeys) throws SQLException {
        try (WorkflowStore store =
                new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 4, null))) {
            if (foreignKeys) {
                addForeignKeys(H2Dialect.durableUrl(url));
            }
            System.out.printf(
                    "%n%s: %s (medians of %d runs)%n%6s %9s %12s %12s %14s %12s %14s%n",
                    label,
                    store.describe(),
                    REPETITIONS,
                    "batch",
                    "commits",
                    "µs/commit",
                    "commits/s",
                    "completions/s",
                    "rows/s",
                    "cpu µs/commit");
            for (int size : BATCH_SIZES) {
                run(store, size, commitsFor(size)); // warm-up: JIT, caches, file growth
            }
            for (int size : BATCH_SIZES) {
                int commits = commitsFor(size);
                double[] seconds = new double[REPETITIONS];
                double[] cpu = new double[REPETITIONS];
                for (int r = 0; r < REPETITIONS; r++) {
                    seconds[r] = run(store, size, commits);
                    cpu[r] = lastCpuSeconds;
                }
                Arrays.sort(seconds);
                Arrays.sort(cpu);
                double median = seconds[REPETITIONS / 2];
                System.out.printf(
                        "%6d %9d %12.1f %12.0f %14.0f %12.0f %14.1f%n",
                        size,
                        commits,
                        median * 1e6 / commits,
                        commits / median,
                        commits * size / median,
                        commits * size * 3 / median,
                        cpu[REPETITIONS / 2] * 1e6 / commits);
            }
        }
    }

    private static int commitsFor(int size) {
        return Math.max(300, Math.min(3000, 20_000 / size));
    }

    /** Inserts the steps (untimed), then completes them in batches of {@code size}; returns those seconds. */
    private static double run(WorkflowStore store, int size, int commits) {
        List<List<StepRow>> batches = new ArrayList<>();
        WriteBatch setup = new WriteBatch();
        for (int c = 0; c < commits; c++) {
            UUID taskId = uuidV7();
            setup.insertTask(SampleRows.task(taskId, Instant.EPOCH));
            List<StepRow> steps = new ArrayList<>();
            for (int s = 0; s < size; s++) {
                steps.add(SampleRows.step(uuidV7(), taskId, "step_" + s, StepState.IN_PROGRESS));
            }
            steps.forEach(setup::insertStep);
            batches.add(steps);
        }
        store.apply(setup);
        Instant at = SampleRows.T0;
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        for (List<StepRow> steps : batches) {
            WriteBatch batch = new WriteBatch();
            for (StepRow step : steps) {
                batch.updateStep(SampleRows.completion(step.stepId(), step.taskId(), 1, at, RESULT))
                        .stepTransition(SampleRows.transition(
                                step.taskId(),
                                step.stepId(),
                                step.name(),
                                StepState.IN_PROGRESS,
                                StepState.COMPLETE,
                                1,
                                at));
            }
            store.apply(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        lastCpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        assertEquals(batches.size(), commits);
        return seconds;
    }

    /** A time-ordered UUID (version 7), as the engine makes them: new rows land on the same B-tree pages. */
    private static UUID uuidV7() {
        long millis = System.currentTimeMillis();
        long sequence = SEQUENCE.incrementAndGet();
        // 48 bits of milliseconds, version 7, then the variant and a sequence that keeps ids in this JVM unique.
        long high = (millis << 16) | 0x7000L;
        long low = 0x8000_0000_0000_0000L | (sequence & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low);
    }

    private static void addForeignKeys(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE tasker_steps ADD FOREIGN KEY (task_id) REFERENCES tasker_tasks (task_id)");
            s.execute("ALTER TABLE tasker_step_transitions ADD FOREIGN KEY (step_id)"
                    + " REFERENCES tasker_steps (step_id)");
            s.execute("ALTER TABLE tasker_task_transitions ADD FOREIGN KEY (task_id)"
                    + " REFERENCES tasker_tasks (task_id)");
        }
    }
}
