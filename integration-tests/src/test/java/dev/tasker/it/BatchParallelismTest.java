package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.CursorConfig;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SPEC §4 {@code parallelism}: it caps the running workers of one batch, at scale. */
class BatchParallelismTest {
    static final int WORKERS = 10_000;
    static final int PARALLELISM = 50;
    static final String TEMPLATE = """
            name: fanout
            namespace_name: batches
            version: 1.0.0
            steps:
              - {name: plan, type: batchable, handler: {callable: plan}}
              - name: item
                type: batch_worker
                dependencies: [plan]
                handler: {callable: item}
                batch_config: {batch_size: 1, parallelism: %d}
              - {name: sum, type: deferred_convergence, handler: {callable: sum}, dependencies: [item]}
            """.formatted(PARALLELISM);

    @Test
    void ten_thousand_workers_never_run_more_than_fifty_at_once_and_all_reach_the_aggregator() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        // The first wave holds until fifty workers run together: the cap is reached, not only respected.
        CountDownLatch fullWave = new CountDownLatch(PARALLELISM);
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .templateYaml(TEMPLATE, "fanout.yaml")
                .handler(
                        "plan",
                        ctx -> StepHandlerResult.createBatches("item", CursorConfig.split(WORKERS, WORKERS), WORKERS))
                .handler("item", ctx -> {
                    int now = running.incrementAndGet();
                    maxRunning.accumulateAndGet(now, Math::max);
                    try {
                        if (calls.incrementAndGet() <= PARALLELISM) {
                            fullWave.countDown();
                            if (!fullWave.await(20, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("fewer than " + PARALLELISM + " ran at once");
                            }
                        }
                        return StepHandlerResult.success(Map.of(
                                "n", ctx.stepInputs().at("/cursor/start_cursor").asLong()));
                    } finally {
                        running.decrementAndGet();
                    }
                })
                .handler("sum", ctx -> {
                    var results = ctx.getDependencyResults("item_");
                    long sum = results.values().stream()
                            .mapToLong(r -> r.get("n").asLong())
                            .sum();
                    return StepHandlerResult.success(Map.of(
                            "workers",
                            results.size(),
                            "sum",
                            sum,
                            "failed",
                            ctx.failedDependencies().size()));
                })
                .build()) {
            TaskSnapshot s = Awaits.settled(
                    tasker, tasker.submit(TaskRequest.of("batches", "fanout", Map.of())), Duration.ofSeconds(120));
            assertEquals(TaskState.COMPLETE, s.state());
            assertEquals(WORKERS + 2, s.steps().size());
            assertTrue(
                    s.steps().stream().allMatch(st -> st.state() == StepState.COMPLETE && st.attempts() == 1),
                    () -> s.steps().stream()
                            .filter(st -> st.state() != StepState.COMPLETE)
                            .limit(5)
                            .toList()
                            .toString());
            assertEquals(WORKERS, calls.get(), "each worker ran once");
            assertEquals(PARALLELISM, maxRunning.get(), "at most " + PARALLELISM + " at once, and that many reached");
            var r = s.step("sum").result();
            assertEquals(WORKERS, r.get("workers").asInt());
            assertEquals((long) WORKERS * (WORKERS - 1) / 2, r.get("sum").asLong());
            assertEquals(0, r.get("failed").asInt());
            StepSnapshot last = s.step("item_10000");
            assertEquals("item", last.templateStepName());
        }
    }
}
