package dev.tasker.bench.peers;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tasker bench peers}: the same two workloads on this engine and on db-scheduler, JobRunr and DBOS
 * Transact, one system after another in one JVM, each on a fresh store (H2 file and PostgreSQL schema),
 * then one table with the engine's advantage over each peer on the same store (BENCHMARKS.md).
 */
@Command(
        name = "tasker bench peers",
        mixinStandardHelpOptions = true,
        description = "The engine beside db-scheduler, JobRunr and DBOS Transact on the same workloads.")
public final class PeersBench implements Callable<Integer> {
    static final String TASKER = "tasker";
    static final String DB_SCHEDULER = "db-scheduler";
    static final String JOBRUNR = "jobrunr";
    static final String DBOS = "dbos";

    @Option(
            names = "--postgres",
            paramLabel = "JDBC_URL",
            description = "the PostgreSQL database; each system gets its own schema in it, dropped and created "
                    + "anew (default: TASKER_TEST_POSTGRES_URL; without either, H2 only)")
    String postgres = System.getenv("TASKER_TEST_POSTGRES_URL");

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "linear chains run before measuring, the same for every system (default: 500)")
    int warmup = 500;

    @Option(
            names = "--warmup-seconds",
            paramLabel = "S",
            description = "the linear warm-up lasts at least this long too, the same for every system (default: 10)")
    double warmupSeconds = 10;

    @Option(
            names = "--chunk",
            paramLabel = "N",
            description = "diamonds per bulk submission in the batched diamond run (default: 100)")
    int chunk = 100;

    @Option(names = "--tasks", paramLabel = "N", description = "linear chains measured (default: 300)")
    int tasks = 300;

    @Option(names = "--diamonds", paramLabel = "N", description = "diamonds submitted by one thread (default: 2000)")
    int diamonds = 2000;

    @Option(
            names = "--diamond-warmup",
            paramLabel = "N",
            description = "diamonds run before measuring, one at a time and again in bulk (default: 1000)")
    int diamondWarmup = 1000;

    @Option(
            names = "--jobrunr-tasks",
            paramLabel = "N",
            description = "JobRunr's linear chains, warm-up and measured each (default: 10): each can wait up to "
                    + "its 5 s poll")
    int jobrunrTasks = 10;

    @Option(
            names = "--systems",
            split = ",",
            paramLabel = "NAME",
            description = "which systems, comma-separated: tasker, db-scheduler, jobrunr, dbos (default: all)")
    Set<String> systems = Set.of(TASKER, DB_SCHEDULER, JOBRUNR, DBOS);

    @Option(
            names = "--stores",
            split = ",",
            paramLabel = "NAME",
            description = "which stores, comma-separated: h2, postgres (default: both)")
    Set<String> stores = Set.of("h2", "postgres");

    private final PrintStream out;

    PeersBench(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // JobRunr warns on every job whose filters took over 10 ms, which a loaded machine makes
        // hundreds of times a run; its other warnings stay on.
        System.setProperty("org.slf4j.simpleLogger.log.org.jobrunr.jobs.filters", "error");
        int exit = new CommandLine(new PeersBench(System.out)).execute(args);
        System.exit(exit);
    }

    /** One row of the table. */
    record Row(String system, String store, String kind, Figures figures, String notes) {}

    @Override
    public Integer call() throws Exception {
        for (String s : systems) {
            if (!Set.of(TASKER, DB_SCHEDULER, JOBRUNR, DBOS).contains(s)) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--systems: unknown system '" + s + "'");
            }
        }
        out.println(machine());
        List<Row> rows = run();
        out.println();
        out.print(Table.render(rows));
        out.println();
        for (Row r : rows) {
            out.println("- " + r.system() + " on " + r.store() + ": " + r.notes()
                    + (r.figures().error() == null
                            ? ""
                            : "; FAILED: " + r.figures().error()));
        }
        return rows.stream().anyMatch(r -> r.figures().error() != null) ? 1 : 0;
    }

    List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        if (stores.contains("h2")) {
            if (systems.contains(TASKER)) {
                rows.add(measure("h2", () -> new TaskerSystem(new Store(Store.Kind.H2, null, "H2 file")), false));
            }
            if (systems.contains(DB_SCHEDULER)) {
                rows.add(measure("h2", () -> new DbSchedulerSystem(Store.h2("dbscheduler")), false));
            }
            if (systems.contains(JOBRUNR)) {
                rows.add(measure("h2", () -> new JobRunrSystem(Store.h2("jobrunr")), true));
            }
        }
        if (stores.contains("postgres")) {
            if (postgres == null) {
                out.println("PostgreSQL skipped: give --postgres JDBC_URL or set TASKER_TEST_POSTGRES_URL");
            } else {
                String label = Store.postgresLabel(postgres);
                if (systems.contains(TASKER)) {
                    rows.add(measure(
                            "postgres",
                            () -> new TaskerSystem(Store.postgres(postgres, "peers_tasker", label)),
                            false));
                }
                if (systems.contains(DB_SCHEDULER)) {
                    rows.add(measure(
                            "postgres",
                            () -> new DbSchedulerSystem(Store.postgres(postgres, "peers_dbscheduler", label)),
                            false));
                }
                if (systems.contains(JOBRUNR)) {
                    rows.add(measure(
                            "postgres",
                            () -> new JobRunrSystem(Store.postgres(postgres, "peers_jobrunr", label)),
                            true));
                }
                if (systems.contains(DBOS)) {
                    rows.add(measure(
                            "postgres",
                            () -> {
                                Store.postgres(postgres, "peers_dbos", label); // drops what an earlier run left
                                return new DbosSystem(postgres, "peers_dbos", label);
                            },
                            false));
                }
            }
        }
        return rows;
    }

    private Row measure(String kind, Callable<PeerSystem> open, boolean slowPolling) {
        System.gc();
        int w = slowPolling ? Math.min(warmup, jobrunrTasks) : warmup;
        int n = slowPolling ? Math.min(tasks, jobrunrTasks) : tasks;
        long t0 = System.nanoTime();
        String name = "?";
        String store = kind;
        String notes = "";
        try (PeerSystem system = open.call()) {
            name = system.name();
            store = system.store();
            notes = system.notes();
            out.printf("%s on %s: started in %.1f s; measuring...%n", name, store, (System.nanoTime() - t0) / 1e9);
            Figures f = Figures.measure(
                    system, new Figures.Plan(w, slowPolling ? 0 : warmupSeconds, n, diamondWarmup, diamonds, chunk));
            out.printf(
                    Locale.ROOT,
                    "%s on %s: linear p50 %.2f ms, p99 %.2f ms (%d after %d warm-up); %d diamonds submitted in "
                            + "%.2f s, finished in %.2f s: %.0f diamonds/s, %.0f steps/s; batched (%s, chunks of %d):"
                            + " submitted in %.2f s, finished in %.2f s: %.0f diamonds/s; load average %.2f%n",
                    name,
                    store,
                    f.p50Ms(),
                    f.p99Ms(),
                    n,
                    w,
                    f.diamonds(),
                    f.submitSeconds(),
                    f.wallSeconds(),
                    f.diamondsPerSecond(),
                    f.stepsPerSecond(),
                    system.bulkNotes(),
                    chunk,
                    f.batchedSubmitSeconds(),
                    f.batchedWallSeconds(),
                    f.batchedDiamondsPerSecond(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return new Row(name, store, kind, f, notes + "; batched: " + system.bulkNotes());
        } catch (Exception | LinkageError e) {
            out.println(name + " on " + store + " FAILED: " + e);
            e.printStackTrace(out);
            return new Row(name, store, kind, Figures.failed(e), notes);
        }
    }

    /** The machine, the JDK and the load when the run starts. */
    static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        return String.format(
                Locale.ROOT,
                "machine: %d cores, %.1f GiB memory, %s %s; Java %s (%s), max heap %d MiB; load average %.2f at %s",
                Runtime.getRuntime().availableProcessors(),
                memory / (1024.0 * 1024 * 1024),
                os.getName(),
                os.getArch(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20,
                os.getSystemLoadAverage(),
                Instant.now());
    }
}
