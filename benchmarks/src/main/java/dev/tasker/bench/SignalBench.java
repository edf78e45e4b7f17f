package dev.tasker.bench;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.SubmitOutcome;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench signals}: N tasks waiting for a signal at once (heap after GC, beside {@code bench waiting}'s N
 * tasks in flight), then the latency from {@code signal(...)} to the next step's handler starting, one task at a
 * time, beside the same latency after a plain step's handler returns.
 */
final class SignalBench {
    static final String SIGNALLED = """
            name: signalled
            namespace_name: bench
            version: 1.0.0
            steps:
              - {name: start, handler: {callable: sig_noop}}
              - {name: approve, handler: {callable: sig_noop}, dependencies: [start]}
              - {name: done, handler: {callable: sig_done}, dependencies: [approve]}
            extensions:
              signals:
                approve: {}
            """;
    static final String PLAIN = """
            name: plain
            namespace_name: bench
            version: 1.0.0
            steps:
              - {name: start, handler: {callable: sig_noop}}
              - {name: approve, handler: {callable: sig_mark}, dependencies: [start]}
              - {name: done, handler: {callable: sig_done}, dependencies: [approve]}
            """;

    /** The middle step's handler blocks until the benchmark releases it: an event awaited by a held thread. */
    static final String HELD = """
            name: held
            namespace_name: bench
            version: 1.0.0
            steps:
              - {name: start, handler: {callable: sig_noop_held}}
              - {name: approve, handler: {callable: sig_hold}, dependencies: [start], timeout_seconds: 3600}
              - {name: done, handler: {callable: sig_done}, dependencies: [approve]}
            """;

    private SignalBench() {}

    static void run(Bench.Options o) throws Exception {
        int n = o.integer("tasks", 100_000);
        int timed = o.integer("timed", 2_000);
        Path dir = Files.createTempDirectory("tasker-bench-signals");
        AtomicLong started = new AtomicLong();
        Map<UUID, Long> marked = new ConcurrentHashMap<>();
        Map<UUID, CompletableFuture<Long>> doneStarted = new ConcurrentHashMap<>();
        Map<UUID, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();
        try (Tasker tasker = Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("tasker").toAbsolutePath())
                .templateYaml(SIGNALLED, "signalled.yaml")
                .templateYaml(PLAIN, "plain.yaml")
                .templateYaml(HELD, "held.yaml")
                .handler("sig_noop_held", ctx -> StepHandlerResult.success(Map.of()))
                .handler("sig_hold", ctx -> {
                    holds.computeIfAbsent(ctx.taskId(), k -> new CompletableFuture<>())
                            .get();
                    return StepHandlerResult.success(Map.of());
                })
                .handler("sig_noop", ctx -> {
                    started.incrementAndGet();
                    return StepHandlerResult.success(Map.of());
                })
                .handler("sig_mark", ctx -> {
                    marked.put(ctx.taskId(), System.nanoTime());
                    return StepHandlerResult.success(Map.of());
                })
                .handler("sig_done", ctx -> {
                    long now = System.nanoTime();
                    doneStarted
                            .computeIfAbsent(ctx.taskId(), k -> new CompletableFuture<>())
                            .complete(now);
                    return StepHandlerResult.success(Map.of());
                })
                .maxConcurrentSteps(10_000)
                .build()) {
            Bench.HeapSampler heap = Bench.HeapSampler.start();
            long t0 = System.nanoTime();
            List<UUID> waiting = new ArrayList<>(n);
            for (int i = 0; i < n; i += 500) {
                List<TaskRequest> chunk = new ArrayList<>();
                for (int k = i; k < Math.min(n, i + 500); k++) {
                    chunk.add(TaskRequest.of("bench", "signalled", Map.of("i", k, "run", t0)));
                }
                for (SubmitOutcome out : tasker.submitAll(chunk)) {
                    waiting.add(out.handle().taskId());
                }
            }
            while (started.get() < n) {
                Thread.sleep(50);
            }
            // every start step ran; wait until the last tasks' approve steps are reached (waiting, in progress)
            for (UUID id : waiting.subList(Math.max(0, n - 100), n)) {
                while (tasker.task(id).orElseThrow().step("approve").state()
                        != dev.tasker.engine.StepState.IN_PROGRESS) {
                    Thread.sleep(20);
                }
            }
            double reachSecs = (System.nanoTime() - t0) / 1e9;
            int live = tasker.liveTaskCount();
            System.gc();
            long waitingHeap = heap.usedNow();
            System.out.printf(
                    "%d tasks waiting for a signal at once (%d live): submitted and reached in %.1f s; heap after GC %d"
                            + " MiB; threads alive %d%n",
                    n, live, reachSecs, waitingHeap >> 20, Thread.activeCount());
            // tasks whose middle step's handler is running and blocked, released one at a time below: the same
            // event delivered to a handler holding its thread (their rows age through the signals timed meanwhile)
            int heldCount = Math.min(timed, n);
            int heldWarm = Math.min(o.integer("warmup", 2_000), heldCount);
            List<UUID> held = new ArrayList<>(heldWarm + heldCount);
            for (int i = 0; i < heldWarm + heldCount; i += 500) {
                List<TaskRequest> chunk = new ArrayList<>();
                for (int k = i; k < Math.min(heldWarm + heldCount, i + 500); k++) {
                    chunk.add(TaskRequest.of("bench", "held", Map.of("i", k, "run", t0)));
                }
                for (SubmitOutcome out : tasker.submitAll(chunk)) {
                    held.add(out.handle().taskId());
                }
            }
            // both paths warmed up alike (the JIT) before either is timed: `warm` signals and plain tasks first
            int warm = Math.min(o.integer("warmup", 2_000), Math.max(0, n - timed));
            for (int i = 0; i < warm; i++) {
                UUID id = waiting.get(i);
                CompletableFuture<Long> next = doneStarted.computeIfAbsent(id, k -> new CompletableFuture<>());
                tasker.signal(id, "approve", Map.of("approved", true));
                next.get(30, TimeUnit.SECONDS);
                tasker.submit(TaskRequest.of("bench", "plain", Map.of("i", -1 - i, "run", t0)))
                        .await(Duration.ofSeconds(30));
            }
            // signal -> the next step's handler starts, one task at a time
            long[] viaSignal = new long[Math.min(timed, n - warm)];
            for (int i = 0; i < viaSignal.length; i++) {
                UUID id = waiting.get(warm + i);
                CompletableFuture<Long> next = doneStarted.computeIfAbsent(id, k -> new CompletableFuture<>());
                long s = System.nanoTime();
                tasker.signal(id, "approve", Map.of("approved", true));
                viaSignal[i] = next.get(30, TimeUnit.SECONDS) - s;
            }
            // signal -> next step's handler, to a task whose step was reached just now (its rows are young, as a
            // plain task's are below): separates the signal path from the cost of updating rows written long ago
            long[] viaFresh = new long[viaSignal.length];
            for (int i = 0; i < viaFresh.length; i++) {
                UUID id = tasker.submit(TaskRequest.of("bench", "signalled", Map.of("fresh", i, "run", t0)))
                        .taskId();
                while (tasker.task(id).orElseThrow().step("approve").state()
                        != dev.tasker.engine.StepState.IN_PROGRESS) {
                    Thread.onSpinWait();
                }
                CompletableFuture<Long> next = doneStarted.computeIfAbsent(id, k -> new CompletableFuture<>());
                long s = System.nanoTime();
                tasker.signal(id, "approve", Map.of("approved", true));
                viaFresh[i] = next.get(30, TimeUnit.SECONDS) - s;
            }
            // a blocked handler released -> the next step's handler starts, one task at a time (after a warm-up)
            long[] viaHeld = new long[heldCount];
            for (int i = 0; i < heldWarm + heldCount; i++) {
                UUID id = held.get(i);
                while (tasker.task(id).orElseThrow().step("approve").state()
                        != dev.tasker.engine.StepState.IN_PROGRESS) {
                    Thread.onSpinWait();
                }
                CompletableFuture<Void> hold = holds.computeIfAbsent(id, k -> new CompletableFuture<>());
                CompletableFuture<Long> next = doneStarted.computeIfAbsent(id, k -> new CompletableFuture<>());
                long s = System.nanoTime();
                hold.complete(null);
                long took = next.get(30, TimeUnit.SECONDS) - s;
                if (i >= heldWarm) {
                    viaHeld[i - heldWarm] = took;
                }
            }
            // a plain step's handler returns -> the next step's handler starts, one task at a time
            long[] viaStep = new long[viaSignal.length];
            for (int i = 0; i < viaStep.length; i++) {
                TaskSnapshot done = tasker.submit(TaskRequest.of("bench", "plain", Map.of("i", i, "run", t0)))
                        .await(Duration.ofSeconds(30));
                if (done.state() != TaskState.COMPLETE) {
                    throw new IllegalStateException("a plain task did not complete: " + done.state());
                }
                viaStep[i] = doneStarted.get(done.taskId()).get() - marked.get(done.taskId());
            }
            System.out.printf(
                    "signal -> next step's handler starts (%d, one at a time): %s%n",
                    viaSignal.length, stats(viaSignal));
            System.out.printf(
                    "signal -> next step's handler starts, step reached just now (%d, one at a time): %s%n",
                    viaFresh.length, stats(viaFresh));
            System.out.printf(
                    "a blocked handler released -> next step's handler starts (%d, one at a time): %s%n",
                    viaHeld.length, stats(viaHeld));
            System.out.printf(
                    "step handler returns -> next step's handler starts (%d, one at a time): %s%n",
                    viaStep.length, stats(viaStep));
            for (int i = warm + viaSignal.length; i < n; i++) {
                tasker.signal(waiting.get(i), "approve", Map.of("approved", true));
            }
            for (UUID id : waiting.subList(n - Math.min(100, n), n)) {
                doneStarted.computeIfAbsent(id, k -> new CompletableFuture<>()).get(10, TimeUnit.MINUTES);
            }
            heap.stop();
            System.out.printf(
                    "all %d signalled and finished %.1f s after the start; peak heap used (sampled) %d MiB, max heap"
                            + " %d MiB%n",
                    n,
                    (System.nanoTime() - t0) / 1e9,
                    heap.peak() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(
                "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms",
                s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.9)] / 1e6,
                s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6);
    }
}
