package dev.tasker.store.h2;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import dev.tasker.store.jdbc.SampleRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A second JVM for the file-database tests, opened through the provider like an engine would.
 * {@code commit <url> <n>}: applies batches 0..n-1 and prints each number right after apply returns.
 * {@code hold <url>}: opens the store, prints {@code ready} and keeps the file open until stdin closes.
 * {@code race <url>}: prints {@code ready}, waits for a line on stdin, then opens the store (so that
 * several children open one database at the same moment) and prints {@code opened}.
 */
final class StoreChildProcess {
    private StoreChildProcess() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("race")) {
            System.out.println("ready");
            System.out.flush();
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        try (WorkflowStore store =
                new JdbcWorkflowStoreProvider().open(new StoreConfig(null, args[1], null, null, 2, null))) {
            if (args[0].equals("commit")) {
                commit(store, Integer.parseInt(args[2]));
            } else if (args[0].equals("race")) {
                System.out.println("opened");
            } else {
                System.out.println("ready");
                System.out.flush();
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    private static void commit(WorkflowStore store, int batches) {
        for (int i = 0; i < batches; i++) {
            store.apply(batch(i));
            System.out.println(i);
            System.out.flush();
        }
    }

    /** The task that batch {@code i} writes (the parent recomputes it to look it up). */
    static UUID taskOf(int i) {
        return UUID.nameUUIDFromBytes(("task-" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static WriteBatch batch(int i) {
        UUID taskId = taskOf(i);
        UUID stepId = UUID.nameUUIDFromBytes(("step-" + i).getBytes(StandardCharsets.UTF_8));
        return new WriteBatch()
                .insertTask(SampleRows.task(taskId, SampleRows.T0.plusMillis(i)))
                .insertStep(SampleRows.step(stepId, taskId, "only", StepState.PENDING))
                .taskTransition(new TaskTransitionRow(
                        taskId, null, TaskState.STEPS_IN_PROCESS, SampleRows.T0, "child", "engine", null, null));
    }
}
