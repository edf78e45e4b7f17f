package dev.tasker.bench;

import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.NodeRegistry;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code ./tasker bench claims --db POSTGRESQL_URL}: what a claim from the queue costs, one task per
 * transaction (the granularity a claim per step would need: one per step run) against chunks of 200
 * (what a node does when it takes tasks over). The numbers behind the choice to claim whole tasks and
 * keep readiness in memory (README, "PostgreSQL and several nodes").
 */
final class ClaimBench {
    private ClaimBench() {}

    static void run(Bench.Options o) {
        String url = o.text("db", null);
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("claims needs --db with a PostgreSQL URL (an empty schema)");
        }
        int singles = o.integer("tasks", 2_000);
        int chunked = o.integer("chunked", 20_000);
        try (WorkflowStore store =
                new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 3, null))) {
            NodeRegistry nodes = store.nodes().orElseThrow();
            long epoch = nodes.join("claim-bench", Duration.ofMinutes(5)).epoch();
            queue(store, singles + chunked);
            long t0 = System.nanoTime();
            for (int i = 0; i < singles; i++) {
                if (nodes.claim("claim-bench", epoch, 1, List.of()).size() != 1) {
                    throw new IllegalStateException("the queue ran dry after " + i + " single claims");
                }
            }
            double singleSecs = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            int taken = 0;
            List<UUID> got;
            while (!(got = nodes.claim("claim-bench", epoch, 200, List.of())).isEmpty()) {
                taken += got.size();
            }
            double chunkSecs = (System.nanoTime() - t1) / 1e9;
            System.out.printf(
                    "claims from the queue: one task per transaction %.0f tasks/s (%.2f ms each, %d claims);"
                            + " chunks of 200 %.0f tasks/s (%d tasks, %.2f ms per chunk)%n",
                    singles / singleSecs,
                    1000 * singleSecs / singles,
                    singles,
                    taken / chunkSecs,
                    taken,
                    1000 * chunkSecs / Math.max(1, taken / 200.0));
            nodes.leave("claim-bench", epoch);
        }
    }

    private static void queue(WorkflowStore store, int n) {
        Instant now = Instant.now();
        for (int done = 0; done < n; ) {
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < 5_000 && done < n; i++, done++) {
                UUID id = UUID.randomUUID();
                batch.insertTask(new TaskRow(
                        id,
                        "bench",
                        "claims",
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
                        TaskState.STEPS_IN_PROCESS,
                        now,
                        now,
                        null,
                        null));
            }
            store.apply(batch);
        }
    }
}
