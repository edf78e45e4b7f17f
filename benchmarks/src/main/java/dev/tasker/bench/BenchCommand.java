package dev.tasker.bench;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line of {@code ./tasker bench SCENARIO [--option value]...}, on picocli: one sub-command per
 * scenario, declaring the options it reads (so {@code --help} lists them and an unknown option or a number
 * that is not one is a usage error, exit 2). The scenarios read their values through {@link Bench.Options},
 * with their defaults where they use them; the defaults here are for the help only.
 */
final class BenchCommand {
    /**
     * One option: its name without {@code --}, its value's label (null: a flag, given or not), what it does
     * (with its default).
     */
    private record Opt(String name, String label, boolean number, String description) {}

    private static final List<Opt> ENGINE = List.of(
            new Opt("db", "JDBC_URL", false, "the database (default: a fresh H2 file in a temporary folder)"),
            new Opt("nodes", "N", true, "engines sharing a PostgreSQL --db, N-1 in other JVMs (default: 1)"),
            new Opt("max-owned", "N", true, "the most unfinished tasks a node owns (default: no limit)"),
            new Opt("node-id", "ID", false, "this engine's node id (default: generated)"));
    private static final Opt COUNT_SQL = new Opt(
            "count-sql",
            null,
            false,
            "count the SQL sent (round trips, executions, rows written) per task and per step, by statement");
    private static final List<Opt> LINEAR = List.of(
            COUNT_SQL,
            new Opt("warmup", "N", true, "tasks run before measuring (default: 2000)"),
            new Opt("tasks", "N", true, "tasks measured (default: 5000)"));
    private static final List<Opt> DIAMOND = List.of(
            COUNT_SQL,
            new Opt("in-flight", "N", true, "tasks kept in flight (default: 1000)"),
            new Opt("seconds", "S", true, "seconds measured (default: 20)"),
            new Opt("warmup-seconds", "S", true, "seconds of warm-up (default: 5)"),
            new Opt("metrics", null, false, "count into Micrometer meters (TaskerMetrics, a SimpleMeterRegistry)"),
            new Opt(
                    "tracing",
                    null,
                    false,
                    "trace tasks and steps (TaskerTracing; the OpenTelemetry SDK, a batch processor, spans dropped)"));
    private static final List<Opt> WAITING =
            List.of(new Opt("tasks", "N", true, "tasks in flight at once (default: 100000)"));
    private static final List<Opt> FANOUT = List.of(
            new Opt("workers", "N", true, "batch workers of the one task (default: 10000)"),
            new Opt("parallelism", "N", true, "the batch's parallelism (default: 100)"),
            new Opt("warmup", "N", true, "workers of the warm-up task (default: 1000)"));
    private static final List<Opt> LOAD =
            List.of(new Opt("steps", "N", true, "steps of the generated template (default: 10000)"));

    /** The scenarios, in the order of {@code all}, with their one-line descriptions and options. */
    private static final Map<String, Map.Entry<String, List<Opt>>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put(
                "linear", Map.entry("one 4-step linear task at a time: end-to-end latency", concat(ENGINE, LINEAR)));
        SCENARIOS.put("diamond", Map.entry("diamond tasks in flight: sustained steps/s", concat(ENGINE, DIAMOND)));
        SCENARIOS.put(
                "bulk",
                Map.entry(
                        "diamonds submitted by ONE thread: submit, submitAll in chunks, submitAsync",
                        concat(
                                ENGINE,
                                List.of(
                                        new Opt("tasks", "N", true, "diamonds per way of submitting (default: 2000)"),
                                        new Opt("chunk", "N", true, "requests per submitAll (default: 100)"),
                                        new Opt(
                                                "warmup",
                                                "N",
                                                true,
                                                "diamonds run before measuring (default: 2000)")))));
        SCENARIOS.put(
                "warmstart",
                Map.entry(
                        "latency of the first tasks after build(): linear 4-step tasks one at a time",
                        concat(
                                ENGINE,
                                List.of(new Opt(
                                        "tasks",
                                        "N",
                                        true,
                                        "tasks run one at a time after build() (default: 3000)")))));
        SCENARIOS.put(
                "tasklist",
                Map.entry(
                        "the dashboard's task list on a million finished tasks: page times and query plans",
                        List.of(
                                new Opt("db", "JDBC_URL", false, "the database (default: a fresh H2 file)"),
                                new Opt("tasks", "N", true, "finished tasks in the store (default: 1000000)"),
                                new Opt("repeats", "N", true, "timed runs of each query (default: 50)"))));
        SCENARIOS.put(
                "waiting",
                Map.entry("100,000 tasks in flight at once, each step waiting 1 s", concat(ENGINE, WAITING)));
        SCENARIOS.put(
                "signals",
                Map.entry(
                        "100,000 tasks waiting for a signal at once; signal-to-next-step latency beside a step's",
                        List.of(
                                new Opt("tasks", "N", true, "tasks waiting at once (default: 100000)"),
                                new Opt("timed", "N", true, "signals timed one at a time (default: 2000)"),
                                new Opt(
                                        "warmup",
                                        "N",
                                        true,
                                        "signals and plain tasks run untimed first, alike (default: 2000)"))));
        SCENARIOS.put("load", Map.entry("load and validate a generated 10,000-step template", LOAD));
        SCENARIOS.put("fanout", Map.entry("one task of 10,000 batch workers plus their aggregation", FANOUT));
        SCENARIOS.put(
                "claims",
                Map.entry(
                        "the cost of a claim from the queue (PostgreSQL --db)",
                        List.of(
                                new Opt("db", "JDBC_URL", false, "a PostgreSQL URL (an empty schema); required"),
                                new Opt("tasks", "N", true, "tasks claimed one by one (default: 2000)"),
                                new Opt("chunked", "N", true, "tasks claimed in chunks (default: 20000)"))));
        SCENARIOS.put(
                "crash",
                Map.entry(
                        "kill engines at random and check nothing is lost or run twice",
                        List.of(
                                new Opt("db", "h2|postgres", false, "the database kind (default: h2)"),
                                new Opt(
                                        "db-url",
                                        "JDBC_URL",
                                        false,
                                        "the PostgreSQL URL for --db postgres "
                                                + "(default: TASKER_TEST_POSTGRES_URL)"),
                                new Opt(
                                        "dir",
                                        "DIR",
                                        false,
                                        "where the H2 file and logs go (default: a temporary folder)"),
                                new Opt("nodes", "N", true, "engines (default: 1 on H2, 2 on PostgreSQL)"),
                                new Opt("kills", "N", true, "kills (default: 100)"),
                                new Opt("max-delay-ms", "MS", true, "the longest wait before a kill (default: 500)"),
                                new Opt(
                                        "settle-seconds",
                                        "S",
                                        true,
                                        "how long the survivors get to finish (default: 300)"),
                                new Opt("seed", "N", false, "the random seed, to repeat a run (default: the clock)"))));
        SCENARIOS.put(
                "generation",
                Map.entry(
                        "old-generation garbage of a long run",
                        List.of(
                                new Opt("mb", "MB", true, "MiB of work per run (default: 50)"),
                                new Opt("runs", "N", true, "runs (default: 9)"))));
        SCENARIOS.put(
                "peers",
                Map.entry(
                        "the engine beside db-scheduler, JobRunr and DBOS Transact (module benchmarks-peers; "
                                + "./tasker bench peers --help lists its options)",
                        List.of()));
        SCENARIOS.put(
                "all",
                Map.entry(
                        "load, linear, diamond, waiting and fanout, one after the other",
                        concat(ENGINE, LINEAR, DIAMOND, WAITING, FANOUT, LOAD)));
        SCENARIOS.put("serve", Map.entry("(internal) another engine for --nodes, until its parent ends it", ENGINE));
    }

    private BenchCommand() {}

    /** A scenario and its options, or the exit status when there is nothing to run (help, or a usage error). */
    record Parsed(String scenario, Bench.Options options, Integer exit) {}

    static Parsed parse(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 0) {
            return new Parsed("all", new Bench.Options(Map.of()), null);
        }
        CommandLine cli = commandLine().setOut(out).setErr(err);
        try {
            ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return new Parsed(null, null, 0);
            }
            ParseResult sub = parsed.subcommand();
            if (sub == null) {
                throw new ParameterException(cli, "name a scenario: " + String.join(", ", listed()));
            }
            Map<String, String> values = new HashMap<>();
            for (OptionSpec o : sub.matchedOptions()) {
                values.put(o.longestName().substring(2), String.valueOf((Object) o.getValue()));
            }
            return new Parsed(sub.commandSpec().name(), new Bench.Options(values), null);
        } catch (ParameterException e) {
            CommandLine c = e.getCommandLine();
            String first =
                    e instanceof UnmatchedArgumentException u ? u.getUnmatched().getFirst() : "-";
            String message = e instanceof UnmatchedArgumentException u && u.isUnknownOption()
                    ? "unknown option(s) "
                            + u.getUnmatched().stream()
                                    .filter(a -> a.startsWith("-"))
                                    .sorted()
                                    .toList()
                    : e.getMessage();
            err.println(
                    c == cli && !first.startsWith("-")
                            ? "tasker bench: unknown scenario '" + first + "'; use " + String.join(", ", listed())
                            : c.getCommandSpec().qualifiedName(" ") + ": " + message);
            err.println("(more: " + c.getCommandSpec().qualifiedName(" ") + " --help)");
            return new Parsed(null, null, 2);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static CommandLine commandLine() {
        CommandSpec top = CommandSpec.create().name("tasker bench").addOption(help());
        top.usageMessage()
                .description("The engine's benchmarks (BENCHMARKS.md); with no scenario, all.")
                .synopsisHeading("usage: ")
                .customSynopsis("tasker bench [SCENARIO] [--option value]...");
        for (Map.Entry<String, Map.Entry<String, List<Opt>>> s : SCENARIOS.entrySet()) {
            CommandSpec sub = CommandSpec.create().name(s.getKey()).addOption(help());
            sub.usageMessage()
                    .description(s.getValue().getKey())
                    .synopsisHeading("usage: ")
                    .descriptionHeading("%n")
                    .optionListHeading("%n")
                    .hidden(s.getKey().equals("serve"));
            for (Opt o : s.getValue().getValue()) {
                if (o.label() == null) { // a flag: given or not
                    sub.addOption(OptionSpec.builder("--" + o.name())
                            .arity("0")
                            .type(boolean.class)
                            .description(o.description())
                            .build());
                    continue;
                }
                sub.addOption(OptionSpec.builder("--" + o.name())
                        .paramLabel(o.label())
                        .type(o.number() ? int.class : String.class)
                        .description(o.description())
                        .build());
            }
            top.addSubcommand(s.getKey(), sub);
        }
        CommandLine cli = new CommandLine(top);
        cli.setExpandAtFiles(false);
        cli.setOverwrittenOptionsAllowed(
                true); // an option given twice keeps its last value (the hand parser kept the first)
        return cli;
    }

    /** The scenarios a user runs ({@code serve} is the benchmark's own). */
    private static List<String> listed() {
        return SCENARIOS.keySet().stream().filter(n -> !n.equals("serve")).toList();
    }

    private static OptionSpec help() {
        return OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("show this help")
                .build();
    }

    @SafeVarargs
    private static List<Opt> concat(List<Opt>... lists) {
        Map<String, Opt> byName = new LinkedHashMap<>();
        Stream.of(lists).flatMap(List::stream).forEach(o -> byName.putIfAbsent(o.name(), o));
        return List.copyOf(byName.values());
    }
}
