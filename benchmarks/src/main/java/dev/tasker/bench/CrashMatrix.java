package dev.tasker.bench;

import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The crash matrix: engines in child JVMs ({@link CrashChild}) run the {@link CrashWorkflows} mix while
 * they submit tasks, and are killed with SIGKILL over and over, each kill at a random moment of one of four
 * kinds: while the engine opens the store and recovers (0–300 ms after the child says {@code STARTING}),
 * while steps run (0–{@code maxDelay} ms after {@code READY}), during a burst of submissions (0–30 ms
 * after a {@code BURST}) and while a step's outcome is committed (0–5 ms after a handler returned). Each
 * killed engine is restarted at once on the same store. After the last kill every engine is restarted
 * without submissions until no task is unfinished (bounded by {@code settle}), then stopped cleanly, and
 * {@link CrashCheck} compares the fsync'ed side logs with the store.
 *
 * <p>On H2 there is one engine on a file; on PostgreSQL {@code nodes} engines share a fresh schema
 * (dropped afterwards when the run is clean), and each kill takes one of them or all of them. Run with
 * {@code ./tasker bench crash --kills N [--db h2|postgres] [--db-url URL] [--nodes 2] [--seed S]}; the CI
 * test runs a short version on both.
 *
 * <p>Over 400 lines as one piece: the kill schedule, the restarts and the settle loop share the child
 * processes' state; split apart they would pass it around.
 */
public final class CrashMatrix {
    /** Kinds of moment a kill aims at. */
    enum Moment {
        RECOVERING,
        RUNNING,
        SUBMITTING,
        COMMITTING
    }

    /**
     * One run's settings.
     *
     * @param postgresUrl null for H2, else the PostgreSQL database (a fresh schema is made in it)
     * @param nodes engines sharing the database (1 on H2)
     * @param kills how many kills
     * @param maxDelayMillis upper bound of the random delay before a kill while steps run
     * @param settle how long the final run may take to finish every task
     * @param seed the random seed (the kill schedule; the children's own timing is not reproducible)
     * @param dir the folder for the H2 file, the side logs and the children's stderr
     */
    record Config(String postgresUrl, int nodes, int kills, int maxDelayMillis, Duration settle, long seed, Path dir) {
        Config {
            if (postgresUrl == null && nodes != 1) {
                throw new IllegalArgumentException(
                        "H2 runs one engine on its file; --nodes " + nodes + " needs --db postgres");
            }
            if (nodes < 1 || kills < 1 || maxDelayMillis < 0) {
                throw new IllegalArgumentException("need nodes >= 1, kills >= 1 and a delay >= 0, got " + nodes + ", "
                        + kills + ", " + maxDelayMillis);
            }
        }
    }

    /** What a run did and found. */
    record Report(
            Config config,
            CrashCheck.Result result,
            Map<Moment, Integer> moments,
            int fallbacks,
            Duration wall,
            String store) {
        boolean clean() {
            return result.clean();
        }

        String summary() {
            CrashCheck.Result r = result;
            return String.format(
                    "crash matrix on %s: %d kills (%s) in %s; %d tasks acknowledged, %d stored, %d steps, "
                            + "%d handler runs (%d more than without kills); acknowledged tasks lost %d, claims lost %d, "
                            + "completed steps rerun %d, tasks never finished %d%s; wrong results %d",
                    store,
                    config.kills(),
                    moments,
                    format(wall),
                    r.acknowledged(),
                    r.stored(),
                    r.steps(),
                    r.runs(),
                    r.runsAfterKill(),
                    r.lostTasks(),
                    r.lostClaims(),
                    r.completedRerun(),
                    r.unfinished(),
                    r.unfinishedByState().isEmpty() ? "" : " " + r.unfinishedByState(),
                    r.wrongResults());
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Config config;
    private final PrintStream out;
    private final Random random;
    private final String url;
    private final List<Child> nodes = new ArrayList<>();
    private int incarnation;

    private CrashMatrix(Config config, PrintStream out, String url) {
        this.config = config;
        this.out = out;
        this.random = new Random(config.seed());
        this.url = url;
    }

    /** {@code ./tasker bench crash}: prints the report; false when a count is not 0. */
    static boolean run(Bench.Options o) throws Exception {
        String db = o.text("db", "h2");
        String pgUrl = switch (db) {
            case "h2" -> null;
            case "postgres", "postgresql" -> {
                String u = o.text("db-url", System.getenv("TASKER_TEST_POSTGRES_URL"));
                if (u == null || !u.startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("--db postgres needs --db-url jdbc:postgresql://... (or "
                            + "TASKER_TEST_POSTGRES_URL); a fresh schema is made in that database");
                }
                yield u;
            }
            default -> throw new IllegalArgumentException("--db is h2 or postgres, not " + db);
        };
        String dirOption = o.text("dir", null);
        Path dir = dirOption == null
                ? Files.createTempDirectory("tasker-crash")
                : Files.createDirectories(Path.of(dirOption));
        Config c = new Config(
                pgUrl,
                o.integer("nodes", pgUrl == null ? 1 : 2),
                o.integer("kills", 100),
                o.integer("max-delay-ms", 500),
                Duration.ofSeconds(o.integer("settle-seconds", 300)),
                Long.parseLong(o.text("seed", String.valueOf(System.nanoTime()))),
                dir);
        Report report = run(c, System.out);
        return report.clean();
    }

    /** Runs the matrix and prints progress and the report to {@code out}. */
    static Report run(Config config, PrintStream out) throws Exception {
        String schema = null;
        String url;
        if (config.postgresUrl() == null) {
            url = "jdbc:h2:file:" + config.dir().resolve("tasker").toAbsolutePath();
        } else {
            schema = "tasker_crash_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute(config.postgresUrl(), "CREATE SCHEMA " + schema);
            url = config.postgresUrl() + (config.postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        String store = config.postgresUrl() == null
                ? "H2 (" + url + ")"
                : "PostgreSQL, " + config.nodes() + " nodes (schema " + schema + ")";
        out.printf(
                "crash matrix: %d kills on %s, seed %d, folder %s%n",
                config.kills(), store, config.seed(), config.dir());
        CrashMatrix m = new CrashMatrix(config, out, url);
        Report report;
        try {
            report = m.runKills(store);
        } finally {
            m.stopAll();
        }
        out.println(report.summary());
        report.result().examples().forEach(e -> out.println("  " + e));
        if (schema != null) {
            if (report.clean()) {
                execute(config.postgresUrl(), "DROP SCHEMA " + schema + " CASCADE");
            } else {
                out.println("schema " + schema + " kept for investigation");
            }
        }
        return report;
    }

    private Report runKills(String store) throws Exception {
        long t0 = System.nanoTime();
        Map<Moment, Integer> moments = new TreeMap<>();
        int fallbacks = 0;
        SideLog kills = new SideLog(config.dir().resolve("kills.log"));
        for (int n = 0; n < config.nodes(); n++) {
            nodes.add(start(n, true));
        }
        for (int kill = 1; kill <= config.kills(); kill++) {
            boolean last = kill == config.kills();
            List<Integer> targets = targets(last);
            Moment moment = Moment.values()[random.nextInt(Moment.values().length)];
            if (moment == Moment.RECOVERING && !nodes.get(targets.get(0)).fresh) {
                moment = Moment.RUNNING; // that engine recovered long ago
            }
            moments.merge(moment, 1, Integer::sum);
            int delay = awaitMoment(nodes.get(targets.get(0)), moment);
            if (delay < 0) {
                fallbacks++;
            }
            for (int i : targets) {
                nodes.get(i).kill();
            }
            // Which engine died when, for reading the side logs (side-<incarnation>-...) after a finding.
            StringBuilder line = new StringBuilder("kill " + kill + " " + moment + " +" + Math.abs(delay) + " ms"
                    + (delay < 0 ? " (moment not seen)" : "") + ":");
            for (int i : targets) {
                line.append(' ').append(nodes.get(i).name);
            }
            kills.append(line.toString());
            for (int i : targets) {
                nodes.get(i).awaitDeath();
                if (!last) {
                    nodes.set(i, start(i, true));
                }
            }
            for (Child c : nodes) {
                c.fresh = targets.contains(c.index) && !last;
            }
            if (kill % 50 == 0 || kill == config.kills()) {
                out.printf("  %d kills, %s%n", kill, format(Duration.ofNanos(System.nanoTime() - t0)));
            }
        }
        kills.close();
        // The settle run: every engine again, submitting nothing, until no task is unfinished.
        for (int n = 0; n < config.nodes(); n++) {
            nodes.set(n, start(n, false));
        }
        long deadline = System.nanoTime() + config.settle().toNanos();
        boolean settled = nodes.get(0).awaitLine(l -> l.equals("SETTLED"), deadline);
        if (!settled) {
            out.println("  not settled within " + format(config.settle()) + "; counting what is unfinished");
        }
        stopAll();
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        CrashCheck.Result result;
        try (WorkflowStore s = new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 3, null))) {
            result = CrashCheck.check(config.dir(), s);
        }
        return new Report(config, result, moments, fallbacks, wall, store);
    }

    /** The engines to kill: the only one on H2; on PostgreSQL one at random or all (always all at the end). */
    private List<Integer> targets(boolean last) {
        if (config.nodes() == 1 || last || random.nextInt(3) == 0) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < config.nodes(); i++) {
                all.add(i);
            }
            return all;
        }
        return List.of(random.nextInt(config.nodes()));
    }

    /**
     * Waits for the kind of moment chosen, then a random delay; returns the delay, negated when the moment
     * did not come (the kill happens anyway).
     */
    private int awaitMoment(Child c, Moment moment) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean came = switch (moment) {
            case RECOVERING -> c.await(c.starting, deadline);
            case RUNNING -> c.await(c.ready, deadline);
            case SUBMITTING, COMMITTING -> {
                if (!c.await(c.ready, deadline)) {
                    yield false;
                }
                c.lines.clear();
                yield c.awaitLine(
                        l -> l.equals(moment == Moment.SUBMITTING ? "BURST" : "DONE"),
                        System.nanoTime() + Duration.ofSeconds(10).toNanos());
            }
        };
        int bound = switch (moment) {
            case RECOVERING -> 300;
            case RUNNING -> config.maxDelayMillis();
            case SUBMITTING -> 30;
            case COMMITTING -> 5;
        };
        int delay = random.nextInt(bound + 1);
        Thread.sleep(delay);
        return came ? delay : -delay;
    }

    private Child start(int index, boolean submit) throws IOException {
        incarnation++;
        String node = config.nodes() == 1 && config.postgresUrl() == null ? "-" : "crash-node-" + (char) ('a' + index);
        String name = String.format("%05d-%s", incarnation, node.equals("-") ? "h2" : node);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                url,
                config.dir().resolve("side-" + name + ".log").toString(),
                node,
                submit ? "submit" : "settle"));
        Path err = config.dir().resolve("stderr-" + (node.equals("-") ? "h2" : node) + ".log");
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                .start();
        return new Child(index, name, p, err);
    }

    private void stopAll() throws InterruptedException {
        for (Child c : nodes) {
            c.stop();
        }
        for (Child c : nodes) {
            c.awaitDeath();
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60
                ? String.format("%d min %02d s", s / 60, s % 60)
                : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** One engine JVM, its stdout read into a queue of lines. */
    private static final class Child {
        final int index;
        final String name;
        final Process process;
        final Path err;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final CountDownLatch starting = new CountDownLatch(1);
        final CountDownLatch ready = new CountDownLatch(1);
        volatile boolean fresh = true;
        private boolean killed;

        Child(int index, String name, Process process, Path err) {
            this.index = index;
            this.name = name;
            this.process = process;
            this.err = err;
            Thread.ofPlatform().daemon().start(this::pump);
        }

        private void pump() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    switch (line) {
                        case "STARTING" -> starting.countDown();
                        case "READY" -> ready.countDown();
                        default -> {
                            if (lines.size() > 10_000) {
                                lines.clear(); // nobody waited for these
                            }
                            lines.add(line);
                        }
                    }
                }
            } catch (IOException e) {
                // the process died
            }
        }

        /** Waits for {@code latch}; false at the deadline; fails when the child ended by itself. */
        boolean await(CountDownLatch latch, long deadline) throws InterruptedException {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (latch.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                checkAlive();
            }
        }

        private void checkAlive() {
            if (!process.isAlive()) {
                throw new IllegalStateException("engine " + process.pid() + " ended by itself (exit "
                        + process.exitValue() + ") before it was killed; see " + err);
            }
        }

        /** Waits for a line that matches, dropping the others; false at the deadline or the child's end. */
        boolean awaitLine(Predicate<String> wanted, long deadline) throws InterruptedException {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                String line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (line != null && wanted.test(line)) {
                    return true;
                }
                if (line == null) {
                    checkAlive();
                }
            }
        }

        void kill() {
            killed = true;
            process.destroyForcibly(); // SIGKILL on Linux and macOS
        }

        /** Closes stdin: the engine closes cleanly and the JVM ends. */
        void stop() {
            if (process.isAlive()) {
                try {
                    process.getOutputStream().close();
                } catch (IOException e) {
                    process.destroyForcibly();
                }
            }
        }

        void awaitDeath() throws InterruptedException {
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            if (!killed && process.exitValue() != 0) {
                throw new IllegalStateException(
                        "engine " + process.pid() + " ended with exit " + process.exitValue() + "; see " + err);
            }
        }
    }
}
