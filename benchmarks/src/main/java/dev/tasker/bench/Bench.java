package dev.tasker.bench;

import dev.tasker.api.CursorConfig;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.template.TemplateLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's benchmarks, on an H2 file database with the engine's durable settings (or the database
 * {@code --db JDBC_URL} names, e.g. PostgreSQL) and no-op
 * handlers. Run with {@code ./tasker bench [scenario] [options]}; scenarios: {@code linear},
 * {@code diamond}, {@code waiting}, {@code load}, {@code fanout}, {@code claims}, {@code crash} ({@link CrashMatrix}),
 * {@code all}. Prints figures for BENCHMARKS.md.
 *
 * <p>Over 400 lines as one piece: each scenario is a short method over the same engine setup, database
 * choice and percentile printing; split apart they would repeat that setup.
 */
public final class Bench {
    static final String LINEAR = """
            name: linear
            namespace_name: bench
            version: 1.0.0
            steps:
              - {name: s1, handler: {callable: noop}}
              - {name: s2, handler: {callable: noop}, dependencies: [s1]}
              - {name: s3, handler: {callable: noop}, dependencies: [s2]}
              - {name: s4, handler: {callable: noop}, dependencies: [s3]}
            """;
    static final String DIAMOND = """
            name: diamond
            namespace_name: bench
            version: 1.0.0
            steps:
              - {name: start, handler: {callable: noop}}
              - {name: left, handler: {callable: noop}, dependencies: [start]}
              - {name: right, handler: {callable: noop}, dependencies: [start]}
              - {name: end, handler: {callable: noop}, dependencies: [left, right]}
            """;
    static final String WAITING = """
            name: waiting
            namespace_name: bench
            version: 1.0.0
            steps:
              - {name: wait, handler: {callable: sleep_1s}, timeout_seconds: 600}
            """;

    /** The waiting scenario's steps hold until every task is in flight, then wait 1 s. */
    static final java.util.concurrent.CountDownLatch ALL_SUBMITTED = new java.util.concurrent.CountDownLatch(1);

    static final String FANOUT = """
            name: fanout
            namespace_name: bench
            version: 1.0.0
            steps:
              - {name: plan, type: batchable, handler: {callable: fanout_plan}}
              - name: item
                type: batch_worker
                dependencies: [plan]
                handler: {callable: noop}
                batch_config: {batch_size: 1, parallelism: %d}
              - {name: total, type: deferred_convergence, handler: {callable: fanout_total}, dependencies: [item]}
            """;

    private Bench() {}

    public static void main(String[] args) throws Exception {
        BenchCommand.Parsed parsed =
                BenchCommand.parse(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (parsed.exit() != null) {
            System.exit(parsed.exit());
        }
        String scenario = parsed.scenario();
        Options o = parsed.options();
        System.out.printf(
                "machine: %d cores, max heap %d MiB, Java %s (%s)%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
        switch (scenario) {
            case "linear" -> linear(o);
            case "diamond" -> diamond(o);
            case "waiting" -> waiting(o);
            case "signals" -> SignalBench.run(o);
            case "load" -> load(o);
            case "fanout" -> fanout(o);
            case "serve" -> serve(o);
            case "claims" -> ClaimBench.run(o);
            case "crash" -> {
                if (!CrashMatrix.run(o)) {
                    System.exit(1);
                }
            }
            case "generation" -> GenerationBench.run(o);
            case "bulk" -> SubmitBench.run(o);
            case "warmstart" -> WarmStartBench.run(o);
            case "tasklist" -> TaskListBench.run(o);
            case "peers" -> {
                // The peers' jars are not in this jar: ./tasker runs benchmarks-peers' tasker-bench-peers.jar.
                System.err.println(
                        "peers runs from the benchmarks-peers module: ./tasker bench peers [--option value]");
                System.exit(2);
            }
            case "all" -> {
                load(o);
                linear(o);
                diamond(o);
                waiting(o);
                fanout(o);
            }
            default -> {
                System.err.println("unknown scenario " + scenario
                        + "; use linear, diamond, bulk, warmstart, waiting, load, fanout, claims (PostgreSQL), crash,"
                        + " generation or all");
                System.exit(2);
            }
        }
        System.exit(0);
    }

    /** The database: {@code --db URL} when given, else a fresh H2 file in {@code dir}. */
    static Tasker engine(Path dir, int maxConcurrent, Options o) {
        String h2File = "jdbc:h2:file:" + dir.resolve("tasker").toAbsolutePath()
                + System.getProperty("tasker.bench.urlSuffix", "");
        String url = o.text("db", h2File);
        TaskerBuilder b = Tasker.builder();
        if (o.flag("count-sql")) {
            b.dataSource(countedPool(url));
        } else {
            b.jdbcUrl(url);
        }
        b.templateYaml(LINEAR, "linear.yaml")
                .templateYaml(DIAMOND, "diamond.yaml")
                .templateYaml(WAITING, "waiting.yaml")
                .handler("noop", ctx -> StepHandlerResult.success(Map.of()))
                .handler("sleep_1s", ctx -> {
                    ALL_SUBMITTED.await();
                    Thread.sleep(1000);
                    return StepHandlerResult.success(Map.of());
                })
                .maxConcurrentSteps(maxConcurrent);
        String node = o.text("node-id", null);
        if (node != null) {
            b.nodeId(node);
        }
        int maxOwned = o.integer("max-owned", 0);
        if (maxOwned > 0) {
            b.maxOwnedTasks(maxOwned);
        }
        Observability.configure(b, o.flag("metrics"), o.flag("tracing"));
        return b.build();
    }

    /** What {@code --count-sql} counts (null without it); one engine per benchmark JVM. */
    static volatile SqlCounter counter;

    /**
     * {@code --count-sql}: a HikariCP pool set up as the store sets up its own (the dialect's URL, autocommit
     * off, the engine's default size), seen through a {@link SqlCounter}. The store then treats it as an
     * application's DataSource, which changes nothing it sends per step.
     */
    private static javax.sql.DataSource countedPool(String url) {
        com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
        hikari.setPoolName("tasker-counted");
        hikari.setJdbcUrl(url.startsWith("jdbc:h2:") ? new dev.tasker.store.h2.H2Dialect().prepareUrl(url) : url);
        hikari.setMaximumPoolSize(10);
        hikari.setAutoCommit(false);
        counter = new SqlCounter();
        return counter.wrap(new com.zaxxer.hikari.HikariDataSource(hikari));
    }

    /** A mark of the SQL counts when {@code --count-sql} is on, else null. */
    static SqlCounter.Mark countMark() {
        SqlCounter c = counter;
        return c == null ? null : c.mark();
    }

    /** Prints the SQL counts since {@code mark} when {@code --count-sql} is on. */
    static void printCounts(SqlCounter.Mark mark, long units, String unit, int stepsPerUnit, long engineRows) {
        SqlCounter c = counter;
        if (c != null && mark != null) {
            System.out.printf(
                    "rows the engine wrote (WriteBatch rows: inserts, guarded updates, audit and outbox rows): %.2f per"
                            + " %s, %.2f per step%n",
                    engineRows / (double) Math.max(1, units),
                    unit,
                    engineRows / (double) Math.max(1, units) / stepsPerUnit);
            System.out.print(c.report(mark, units, unit, stepsPerUnit, 15));
        }
    }

    /**
     * The engine as {@code bench linear} and {@code bench diamond} build it (no-op handlers, the same
     * templates and settings), on {@code db} or, when null, a fresh H2 file in {@code dir}: the comparison
     * with the peers ({@code ./tasker bench peers}, module benchmarks-peers) runs it through here.
     */
    public static Tasker benchEngine(Path dir, String db) {
        return engine(dir, 10_000, new Options(db == null ? Map.of() : Map.of("db", db)));
    }

    /** A new task of the template {@code name} ("linear" or "diamond"), with an input no earlier run used. */
    public static TaskRequest benchRequest(String name) {
        return TaskRequest.of("bench", name, Map.of("order", ORDER.incrementAndGet(), "run", RUN));
    }

    /**
     * {@code --nodes N} with a PostgreSQL {@code --db}: starts N-1 more engines, each in its own JVM on the
     * same database ({@code serve}), and waits until they are up; they take tasks from the queue.
     */
    private static List<Process> otherNodes(Options o) throws IOException {
        int nodes = o.integer("nodes", 1);
        List<Process> started = new ArrayList<>();
        for (int i = 2; i <= nodes; i++) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Bench.class.getName(),
                    "serve",
                    "--db",
                    o.text("db", ""),
                    "--node-id",
                    "bench-node-" + i,
                    "--max-owned",
                    String.valueOf(o.integer("max-owned", 0))));
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // the node's "machine:" line
            }
            if (line == null) {
                throw new IllegalStateException("node " + i + " did not start (see its output above)");
            }
            started.add(p);
        }
        return started;
    }

    /** Another node for {@code --nodes}: an engine on {@code --db} that runs until its parent ends it. */
    static void serve(Options o) throws Exception {
        Path dir = Files.createTempDirectory("tasker-bench-node");
        try (Tasker tasker = engine(dir, 10_000, o)) {
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // the parent holds stdin open while the benchmark runs
            }
            System.err.println(tasker.nodeId() + ": commits " + tasker.stats().commits() + ", rows "
                    + tasker.stats().rowsWritten());
        }
    }

    private static void stopNodes(List<Process> nodes) throws InterruptedException {
        for (Process p : nodes) {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                p.destroy();
            }
        }
        for (Process p : nodes) {
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** End-to-end latency of a 4-step linear task submitted alone (submit to settled). */
    static void linear(Options o) throws Exception {
        int warmup = o.integer("warmup", 2000);
        int n = o.integer("tasks", 5000);
        Path dir = Files.createTempDirectory("tasker-bench-linear");
        List<Process> others = otherNodes(o);
        try (Tasker tasker = engine(dir, 10_000, o)) {
            for (int i = 0; i < warmup; i++) {
                runOne(tasker, "linear");
            }
            long[] micros = new long[n];
            SqlCounter.Mark mark = countMark();
            long rows0 = tasker.stats().rowsWritten();
            long cpu0 = loopCpuNanos();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                runOne(tasker, "linear");
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
            long loopCpu = loopCpuNanos() - cpu0;
            Arrays.sort(micros);
            System.out.printf(
                    "linear 4-step task, one at a time (%d tasks after %d warm-up): p50 %.2f ms, "
                            + "p90 %.2f ms, p99 %.2f ms, max %.2f ms; engine loop CPU %.0f us per task%n",
                    n,
                    warmup,
                    micros[n / 2] / 1000.0,
                    micros[n * 9 / 10] / 1000.0,
                    micros[n * 99 / 100] / 1000.0,
                    micros[n - 1] / 1000.0,
                    loopCpu / 1000.0 / n);
            printCounts(mark, n, "task", 4, tasker.stats().rowsWritten() - rows0);
        } finally {
            stopNodes(others);
        }
    }

    static final java.util.concurrent.atomic.AtomicLong ORDER = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Part of every input, so that a run on a database that earlier runs used (a --db URL) submits new
     * tasks rather than duplicates of old ones (the identity is a hash of the input).
     */
    static final String RUN = java.util.UUID.randomUUID().toString();

    static void runOne(Tasker tasker, String name) {
        TaskSnapshot s = tasker.submit(
                        TaskRequest.of("bench", name, Map.of("order", ORDER.incrementAndGet(), "run", RUN)))
                .await(Duration.ofSeconds(60));
        if (s.state() != TaskState.COMPLETE) {
            throw new IllegalStateException("task ended " + s.state());
        }
    }

    /**
     * CPU time used so far by the engine's loop thread (the thread that applies every commit). Per task or
     * step it tells two builds apart even when other processes share the cores and slow the wall clock.
     */
    static long loopCpuNanos() {
        return threadCpuNanos("tasker-engine-loop");
    }

    /**
     * CPU time used so far by the engine's writer thread, which commits the large batches while the loop builds
     * the next (pipelined commits); 0 when it commits nothing.
     */
    static long writerCpuNanos() {
        return threadCpuNanos("tasker-engine-writer");
    }

    /** CPU time used so far by this whole process (every thread: loop, writer, handlers, clients, GC). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The writer's and the process's CPU per unit, for the benchmark lines. */
    static String writerAndProcess(long writerNanos, long processNanos, double units, String unit, double secs) {
        return String.format(
                "; writer thread CPU %.1f us per %s, busy %.0f%%; process CPU %.1f us per %s",
                writerNanos / 1000.0 / units,
                unit,
                100 * writerNanos / 1e9 / secs,
                processNanos / 1000.0 / units,
                unit);
    }

    private static long threadCpuNanos(String name) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                total += Math.max(0, threads.getThreadCpuTime(t.threadId()));
            }
        }
        return total;
    }

    /** Sustained steps/s with a fixed number of diamond tasks in flight (each client submits, awaits, repeats). */
    static void diamond(Options o) throws Exception {
        int inFlight = o.integer("in-flight", 1000);
        int seconds = o.integer("seconds", 20);
        int warmupSeconds = o.integer("warmup-seconds", 5);
        Path dir = Files.createTempDirectory("tasker-bench-diamond");
        List<Process> others = otherNodes(o);
        try (Tasker tasker = engine(dir, 10_000, o);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicLong done = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < inFlight; c++) {
                futures.add(clients.submit(() -> {
                    while (!stop.get()) {
                        runOne(tasker, "diamond");
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(warmupSeconds * 1000L);
            long start = done.get();
            SqlCounter.Mark mark = countMark();
            long rows0 = tasker.stats().rowsWritten();
            long t0 = System.nanoTime();
            long cpu0 = loopCpuNanos();
            long writer0 = writerCpuNanos();
            long process0 = processCpuNanos();
            Thread.sleep(seconds * 1000L);
            long tasks = done.get() - start;
            long writerCpu = writerCpuNanos() - writer0;
            long processCpu = processCpuNanos() - process0;
            if (mark != null) {
                printCounts(mark, tasks, "diamond", 4, tasker.stats().rowsWritten() - rows0);
            }
            long loopCpu = loopCpuNanos() - cpu0;
            double secs = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Future<?> f : futures) {
                f.get();
            }
            System.out.println("commits: " + tasker.stats().commits() + ", rows: "
                    + tasker.stats().rowsWritten());
            System.out.printf(
                    "diamond, %d tasks in flight, %d s measured after %d s warm-up: %.0f tasks/s, "
                            + "%.0f steps/s; engine loop CPU %.1f us per step, busy %.0f%%%s; %s after %d tasks%n",
                    inFlight,
                    seconds,
                    warmupSeconds,
                    tasks / secs,
                    4 * tasks / secs,
                    loopCpu / 1000.0 / (4 * tasks),
                    100 * loopCpu / 1e9 / secs,
                    writerAndProcess(writerCpu, processCpu, 4.0 * tasks, "step", secs),
                    o.text("db", null) == null ? "H2 file " + fileMiB(dir) + " MiB" : "the --db database",
                    done.get());
        } finally {
            stopNodes(others);
        }
    }

    /**
     * Many tasks in flight at once, each with a step that waits: the steps hold until every task has been
     * submitted (so all are in flight together), then wait 1 s. Reports heap use sampled every 50 ms.
     */
    static void waiting(Options o) throws Exception {
        int n = o.integer("tasks", 100_000);
        Path dir = Files.createTempDirectory("tasker-bench-waiting");
        try (Tasker tasker = engine(dir, n, o);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            HeapSampler heap = HeapSampler.start();
            long t0 = System.nanoTime();
            List<Future<TaskHandle>> handles = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                handles.add(clients.submit(() -> tasker.submit(
                        TaskRequest.of("bench", "waiting", Map.of("order", ORDER.incrementAndGet(), "run", RUN)))));
            }
            List<TaskHandle> submitted = new ArrayList<>(n);
            for (Future<TaskHandle> f : handles) {
                submitted.add(f.get());
            }
            double submitSecs = (System.nanoTime() - t0) / 1e9;
            int live = tasker.liveTaskCount();
            System.gc();
            long liveHeap = heap.usedNow();
            ALL_SUBMITTED.countDown();
            for (TaskHandle h : submitted) {
                if (h.await(Duration.ofMinutes(10)).state() != TaskState.COMPLETE) {
                    throw new IllegalStateException("a waiting task did not complete");
                }
            }
            double totalSecs = (System.nanoTime() - t0) / 1e9;
            heap.stop();
            System.out.printf(
                    "%d tasks in flight at once (%d live, each step holding a virtual thread): submitted in "
                            + "%.1f s (%.0f/s), all complete %.1f s later; heap after GC with all in flight %d MiB, "
                            + "peak heap used (sampled) %d MiB, max heap %d MiB%n",
                    n,
                    live,
                    submitSecs,
                    n / submitSecs,
                    totalSecs - submitSecs,
                    liveHeap >> 20,
                    heap.peak() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /**
     * One task fanning out to N batch workers (no-op) and aggregating their N results: wall time from
     * submit to settled, split at the first worker's start (planning: the N steps and 2N edges created
     * and committed) and the aggregator's start.
     */
    static void fanout(Options o) throws IOException {
        int workers = o.integer("workers", 10_000);
        int parallelism = o.integer("parallelism", 100);
        int warmup = o.integer("warmup", 1000);
        Path dir = Files.createTempDirectory("tasker-bench-fanout");
        AtomicLong firstWorker = new AtomicLong();
        AtomicLong aggregator = new AtomicLong();
        AtomicLong plannedCount = new AtomicLong();
        try (Tasker tasker = Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("tasker").toAbsolutePath()
                        + System.getProperty("tasker.bench.urlSuffix", ""))
                .templateYaml(FANOUT.formatted(parallelism), "fanout.yaml")
                .handler("fanout_plan", ctx -> {
                    int n = ctx.getInput("workers").asInt();
                    return StepHandlerResult.createBatches("item", CursorConfig.split(n, n), n);
                })
                .handler("noop", ctx -> {
                    firstWorker.compareAndSet(0, System.nanoTime());
                    return StepHandlerResult.success(Map.of());
                })
                .handler("fanout_total", ctx -> {
                    aggregator.set(System.nanoTime());
                    plannedCount.set(ctx.getDependencyResults("item_").size());
                    return StepHandlerResult.success(Map.of("workers", plannedCount.get()));
                })
                .build()) {
            if (warmup > 0) {
                runFanout(tasker, warmup);
            }
            firstWorker.set(0);
            long t0 = System.nanoTime();
            runFanout(tasker, workers);
            long t1 = System.nanoTime();
            if (plannedCount.get() != workers) {
                throw new IllegalStateException("the aggregator saw " + plannedCount.get() + " of " + workers);
            }
            double secs = (t1 - t0) / 1e9;
            System.out.printf(
                    "fanout: 1 task, %d workers (parallelism %d) + aggregation of %d results, after a "
                            + "%d-worker warm-up: %.2f s wall, %.0f workers/s (planning %.2f s, workers %.2f s, "
                            + "aggregation to settled %.2f s)%n",
                    workers,
                    parallelism,
                    workers,
                    warmup,
                    secs,
                    workers / secs,
                    (firstWorker.get() - t0) / 1e9,
                    (aggregator.get() - firstWorker.get()) / 1e9,
                    (t1 - aggregator.get()) / 1e9);
        }
    }

    private static void runFanout(Tasker tasker, int workers) {
        TaskSnapshot s = tasker.submit(
                        TaskRequest.of("bench", "fanout", Map.of("workers", workers, "order", ORDER.incrementAndGet())))
                .await(Duration.ofMinutes(10));
        if (s.state() != TaskState.COMPLETE) {
            throw new IllegalStateException("fanout task ended " + s.state());
        }
    }

    /** Loading and validating a generated template of N steps. */
    static void load(Options o) throws IOException {
        int steps = o.integer("steps", 10_000);
        String yaml = TemplateGenerator.generate(steps);
        Path file = Files.createTempFile("tasker-bench-", ".yaml");
        Files.writeString(file, yaml);
        TemplateLoader loader = TemplateLoader.defaults();
        for (int i = 0; i < 5; i++) {
            loader.loadFile(file);
        }
        long[] micros = new long[9];
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            loader.loadFile(file);
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf(
                "load + validate a %d-step template (%d KiB): median %.1f ms, min %.1f ms (9 runs after "
                        + "5 warm-up)%n",
                steps, yaml.length() >> 10, micros[4] / 1000.0, micros[0] / 1000.0);
    }

    static long fileMiB(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum() >> 20;
        }
    }

    /** Samples used heap every 50 ms on a daemon thread. */
    static final class HeapSampler {
        private volatile boolean stop;
        private volatile long peak;

        static HeapSampler start() {
            HeapSampler s = new HeapSampler();
            Thread.ofPlatform().daemon(true).start(() -> {
                while (!s.stop) {
                    s.peak = Math.max(s.peak, s.usedNow());
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return s;
        }

        long usedNow() {
            Runtime r = Runtime.getRuntime();
            return r.totalMemory() - r.freeMemory();
        }

        long peak() {
            return peak;
        }

        void stop() {
            stop = true;
        }
    }

    /** The options given on the command line (parsed and checked by {@link BenchCommand}), by name. */
    static final class Options {
        private final Map<String, String> values;

        Options(Map<String, String> values) {
            this.values = Map.copyOf(values);
        }

        String text(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        /** A flag ({@code --metrics}): given or not. */
        boolean flag(String name) {
            return Boolean.parseBoolean(values.get(name));
        }

        int integer(String name, int fallback) {
            String value = values.get(name);
            return value == null ? fallback : Integer.parseInt(value);
        }
    }
}
