package dev.tasker.bench;

import dev.tasker.engine.Tasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code bench warmstart}: the latency of the first tasks after {@code build()} in a fresh JVM (so the JIT and
 * class loading are cold, as when an application starts): linear 4-step tasks one at a time, end to end (submit
 * to complete), reported for the first 100, tasks 100–500 and the steady state after. Must be the first thing its
 * JVM runs, which {@code ./tasker bench warmstart} ensures.
 */
final class WarmStartBench {
    private WarmStartBench() {}

    static void run(Bench.Options o) throws Exception {
        int n = Math.max(o.integer("tasks", 3000), 600);
        Path dir = Files.createTempDirectory("tasker-bench-warmstart");
        long b0 = System.nanoTime();
        try (Tasker tasker = Bench.engine(dir, 10_000, o)) {
            double buildMs = (System.nanoTime() - b0) / 1e6;
            long[] micros = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Bench.runOne(tasker, "linear");
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
            System.out.printf(
                    "warm start, linear 4-step task one at a time: build() %.0f ms; first task"
                            + " %.2f ms; %s; %s; %s%n",
                    buildMs, micros[0] / 1000.0, range(micros, 0, 100), range(micros, 100, 500), range(micros, 500, n));
        }
    }

    private static String range(long[] micros, int from, int to) {
        long[] part = Arrays.copyOfRange(micros, from, to);
        Arrays.sort(part);
        long sum = 0;
        for (long m : part) {
            sum += m;
        }
        return String.format(
                "tasks %d-%d: p50 %.2f ms, p99 %.2f ms, mean %.2f ms",
                from,
                to,
                part[part.length / 2] / 1000.0,
                part[part.length * 99 / 100] / 1000.0,
                sum / 1000.0 / part.length);
    }
}
