package dev.tasker.bench;

import dev.tasker.engine.SubmitOutcome;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code bench bulk}: ONE thread submits diamond tasks (A → {B, C} → D, no-op steps) and the engine runs them:
 * one {@code submit} at a time, {@code submitAll} in chunks, and {@code submitAsync} for each. Reports
 * submits/s (until the last is acknowledged, i.e. committed) and steps/s (until the last task is complete).
 */
final class SubmitBench {
    private SubmitBench() {}

    static void run(Bench.Options o) throws Exception {
        int tasks = o.integer("tasks", 2000);
        int chunk = o.integer("chunk", 100);
        int warmup = o.integer("warmup", 2000);
        Path dir = Files.createTempDirectory("tasker-bench-bulk");
        try (Tasker tasker = Bench.engine(dir, 10_000, o)) {
            measure(tasker, "warm-up (submitAll, not counted)", warmup, t -> bulk(t, warmup, chunk), false);
            measure(tasker, "submit, one at a time", tasks, t -> oneByOne(t, tasks), true);
            measure(tasker, "submitAll, chunks of " + chunk, tasks, t -> bulk(t, tasks, chunk), true);
            measure(tasker, "submitAsync", tasks, t -> async(t, tasks), true);
            System.out.println("commits: " + tasker.stats().commits() + ", rows: "
                    + tasker.stats().rowsWritten() + ", "
                    + (o.text("db", null) == null ? "H2 file " + Bench.fileMiB(dir) + " MiB" : "the --db database"));
        }
    }

    private interface Submitter {
        List<TaskHandle> submit(Tasker tasker) throws Exception;
    }

    private static void measure(Tasker tasker, String what, int n, Submitter submitter, boolean print)
            throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = Bench.loopCpuNanos();
        long writer0 = Bench.writerCpuNanos();
        long process0 = Bench.processCpuNanos();
        List<TaskHandle> handles = submitter.submit(tasker);
        long submitted = System.nanoTime();
        for (TaskHandle h : handles) {
            TaskSnapshot s = h.await(Duration.ofSeconds(120));
            if (s.state() != TaskState.COMPLETE) {
                throw new IllegalStateException("task ended " + s.state());
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long loopCpu = Bench.loopCpuNanos() - cpu0;
        long writerCpu = Bench.writerCpuNanos() - writer0;
        long processCpu = Bench.processCpuNanos() - process0;
        if (print) {
            System.out.printf(
                    "%d diamonds by one thread, %s: submitted in %.2f s (%.0f tasks/s acknowledged), all complete"
                            + " in %.2f s: %.0f tasks/s, %.0f steps/s; engine loop CPU %.1f us per step%s%n",
                    n,
                    what,
                    (submitted - t0) / 1e9,
                    n / ((submitted - t0) / 1e9),
                    secs,
                    n / secs,
                    4 * n / secs,
                    loopCpu / 1000.0 / (4 * n),
                    Bench.writerAndProcess(writerCpu, processCpu, 4.0 * n, "step", secs));
        }
    }

    private static TaskRequest diamond() {
        return TaskRequest.of("bench", "diamond", Map.of("order", Bench.ORDER.incrementAndGet(), "run", Bench.RUN));
    }

    private static List<TaskHandle> oneByOne(Tasker tasker, int n) {
        List<TaskHandle> handles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            handles.add(tasker.submit(diamond()));
        }
        return handles;
    }

    private static List<TaskHandle> bulk(Tasker tasker, int n, int chunk) {
        List<TaskHandle> handles = new ArrayList<>(n);
        for (int i = 0; i < n; i += chunk) {
            List<TaskRequest> requests = new ArrayList<>(chunk);
            for (int j = i; j < Math.min(n, i + chunk); j++) {
                requests.add(diamond());
            }
            for (SubmitOutcome outcome : tasker.submitAll(requests)) {
                handles.add(outcome.orThrow());
            }
        }
        return handles;
    }

    private static List<TaskHandle> async(Tasker tasker, int n) {
        List<CompletableFuture<TaskHandle>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(tasker.submitAsync(diamond()));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
