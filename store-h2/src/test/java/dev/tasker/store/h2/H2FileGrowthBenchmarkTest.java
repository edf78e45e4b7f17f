package dev.tasker.store.h2;

import dev.tasker.engine.StepState;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import dev.tasker.store.jdbc.SampleRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test of behaviour (tag bench): how fast an H2 file grows per commit with the
 * durable setting against H2's default. With {@code WRITE_DELAY=0} H2 runs no background housekeeping
 * (h2database/h2database#442), so the space of superseded pages is never reclaimed while the database
 * is open. Each round commits a task with 16 steps, then their completions (random ids, so scattered pages).
 */
@Tag("bench")
class H2FileGrowthBenchmarkTest {
    private static final Duration RUN = Duration.ofSeconds(40);

    @TempDir
    Path directory;

    @Test
    void file_growth_per_commit() throws IOException {
        grow("durable (WRITE_DELAY=0)", directory.resolve("durable"), "");
        grow("H2 default (WRITE_DELAY=500, not durable)", directory.resolve("lazy"), ";WRITE_DELAY=500");
    }

    private static void grow(String label, Path file, String settings) throws IOException {
        try (WorkflowStore store = new JdbcWorkflowStoreProvider()
                .open(new StoreConfig(null, "jdbc:h2:file:" + file + settings, null, null, 2, null))) {
            long end = System.nanoTime() + RUN.toNanos();
            int commits = 0;
            while (System.nanoTime() < end) {
                commits += commitTwoBatches(store);
            }
            long bytes = Files.size(Path.of(file + ".mv.db"));
            System.out.printf(
                    "%s: %d commits in %ds, file %d MB, %.1f KB per commit%n",
                    label, commits, RUN.toSeconds(), bytes >> 20, bytes / 1024.0 / commits);
        }
    }

    /** Creates a task with 16 steps, then completes them: two commits. */
    private static int commitTwoBatches(WorkflowStore store) {
        UUID taskId = UUID.randomUUID();
        List<StepRow> steps = new ArrayList<>();
        WriteBatch batch = new WriteBatch().insertTask(SampleRows.task(taskId, SampleRows.T0));
        for (int s = 0; s < 16; s++) {
            StepRow step = SampleRows.step(UUID.randomUUID(), taskId, "step_" + s, StepState.IN_PROGRESS);
            steps.add(step);
            batch.insertStep(step);
        }
        store.apply(batch);
        WriteBatch completions = new WriteBatch();
        for (StepRow step : steps) {
            completions
                    .updateStep(SampleRows.completion(step.stepId(), taskId, 1, SampleRows.T0, "{\"ok\":true}"))
                    .stepTransition(SampleRows.transition(
                            taskId,
                            step.stepId(),
                            step.name(),
                            StepState.IN_PROGRESS,
                            StepState.COMPLETE,
                            1,
                            SampleRows.T0));
        }
        store.apply(completions);
        return 2;
    }
}
