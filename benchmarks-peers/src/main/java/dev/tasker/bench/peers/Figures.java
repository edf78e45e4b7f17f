package dev.tasker.bench.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two workloads, run the same way on every system, and what they measured.
 *
 * @param linearTasks the chains measured (after the warm-up)
 * @param p50Ms median submit→finished of one 4-step chain submitted alone, in ms
 * @param p99Ms 99th percentile of the same
 * @param diamonds the diamonds submitted by one thread
 * @param submitSeconds from the first diamond's submit to the return of the last submit (acceptance alone)
 * @param wallSeconds from the first diamond's submit to the last one's finish
 * @param error why the system could not be measured, or null
 */
record Figures(
        int linearTasks,
        double p50Ms,
        double p99Ms,
        int diamonds,
        double submitSeconds,
        double wallSeconds,
        String error) {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    double diamondsPerSecond() {
        return diamonds / wallSeconds;
    }

    double stepsPerSecond() {
        return 4 * diamondsPerSecond();
    }

    static Figures failed(Throwable e) {
        return new Figures(0, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, String.valueOf(e));
    }

    /**
     * Linear: {@code warmup} chains, then {@code tasks} chains measured, each submitted and awaited before the
     * next. Diamond: {@code diamondWarmup} diamonds submitted and awaited, then {@code diamonds} submitted by
     * this one thread as fast as the system accepts them, then all awaited.
     */
    static Figures measure(PeerSystem system, int warmup, int tasks, int diamondWarmup, int diamonds) throws Exception {
        for (int i = 0; i < warmup; i++) {
            system.linear().await(TIMEOUT);
        }
        long[] micros = new long[tasks];
        for (int i = 0; i < tasks; i++) {
            long t0 = System.nanoTime();
            system.linear().await(TIMEOUT);
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(micros);
        awaitAll(submitDiamonds(system, diamondWarmup));
        long t0 = System.nanoTime();
        List<PeerSystem.Completion> submitted = submitDiamonds(system, diamonds);
        double submit = (System.nanoTime() - t0) / 1e9;
        awaitAll(submitted);
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Figures(tasks, percentile(micros, 50), percentile(micros, 99), diamonds, submit, wall, null);
    }

    private static List<PeerSystem.Completion> submitDiamonds(PeerSystem system, int n) throws Exception {
        List<PeerSystem.Completion> submitted = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            submitted.add(system.diamond());
        }
        return submitted;
    }

    private static void awaitAll(List<PeerSystem.Completion> submitted) throws Exception {
        for (PeerSystem.Completion c : submitted) {
            c.await(TIMEOUT);
        }
    }

    /** The percentile of sorted microseconds in ms, taken as {@code bench linear} takes it (index n·p/100). */
    static double percentile(long[] sortedMicros, int p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        return sortedMicros[Math.min(sortedMicros.length - 1, sortedMicros.length * p / 100)] / 1000.0;
    }
}
