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
 * @param batchedSubmitSeconds the same diamonds submitted through the system's bulk API ({@link
 *     PeerSystem#diamonds}): from the first submit to the return of the last
 * @param batchedWallSeconds the same, to the last one's finish
 * @param error why the system could not be measured, or null
 */
record Figures(
        int linearTasks,
        double p50Ms,
        double p99Ms,
        int diamonds,
        double submitSeconds,
        double wallSeconds,
        double batchedSubmitSeconds,
        double batchedWallSeconds,
        String error) {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    double diamondsPerSecond() {
        return diamonds / wallSeconds;
    }

    double stepsPerSecond() {
        return 4 * diamondsPerSecond();
    }

    double batchedDiamondsPerSecond() {
        return diamonds / batchedWallSeconds;
    }

    static Figures failed(Throwable e) {
        return new Figures(
                0, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, String.valueOf(e));
    }

    /** How one system is measured; every system gets the same values (JobRunr fewer linear chains: its poll). */
    record Plan(int warmup, double warmupSeconds, int tasks, int diamondWarmup, int diamonds, int chunk) {}

    /**
     * Warm-up: at least {@code warmup} linear chains and {@code warmupSeconds} of them, then {@code diamondWarmup}
     * diamonds one at a time and as many through the bulk API. Linear: {@code tasks} chains measured, each submitted
     * and awaited before the next. Diamond: {@code diamonds} submitted by this one thread one at a time as fast as
     * the system accepts them, then all awaited; then the same number through {@link PeerSystem#diamonds} in chunks
     * of {@code chunk}, then all awaited.
     */
    static Figures measure(PeerSystem system, Plan plan) throws Exception {
        long warmupEnd = System.nanoTime() + (long) (plan.warmupSeconds() * 1e9);
        for (int i = 0; i < plan.warmup() || (plan.warmup() > 0 && System.nanoTime() < warmupEnd); i++) {
            system.linear().await(TIMEOUT);
        }
        long[] micros = new long[plan.tasks()];
        for (int i = 0; i < plan.tasks(); i++) {
            long t0 = System.nanoTime();
            system.linear().await(TIMEOUT);
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(micros);
        awaitAll(submitDiamonds(system, plan.diamondWarmup()));
        long t0 = System.nanoTime();
        List<PeerSystem.Completion> submitted = submitDiamonds(system, plan.diamonds());
        double submit = (System.nanoTime() - t0) / 1e9;
        awaitAll(submitted);
        double wall = (System.nanoTime() - t0) / 1e9;
        awaitAll(system.diamonds(plan.diamondWarmup(), plan.chunk()));
        long b0 = System.nanoTime();
        List<PeerSystem.Completion> batched = system.diamonds(plan.diamonds(), plan.chunk());
        double batchedSubmit = (System.nanoTime() - b0) / 1e9;
        awaitAll(batched);
        double batchedWall = (System.nanoTime() - b0) / 1e9;
        return new Figures(
                plan.tasks(),
                percentile(micros, 50),
                percentile(micros, 99),
                plan.diamonds(),
                submit,
                wall,
                batchedSubmit,
                batchedWall,
                null);
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
