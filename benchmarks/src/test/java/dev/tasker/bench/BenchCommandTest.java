package dev.tasker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./tasker bench}'s command line: every command BENCHMARKS.md shows, help, and usage errors. */
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private BenchCommand.Parsed parse(String... args) {
        return BenchCommand.parse(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void every_command_of_benchmarks_md_parses_with_its_options() {
        String pg = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=tasker_bench";
        for (List<String> args : List.of(
                List.of("all"),
                List.of("load"),
                List.of("linear"),
                List.of("diamond"),
                List.of("waiting"),
                List.of("signals", "--tasks", "1000", "--timed", "100"),
                List.of("fanout"),
                List.of("claims", "--db", pg),
                List.of("crash"),
                List.of("linear", "--db", pg),
                List.of("linear", "--nodes", "2", "--db", pg),
                List.of("diamond", "--db", pg),
                List.of("diamond", "--nodes", "2", "--max-owned", "500", "--db", pg),
                List.of("crash", "--kills", "1000", "--db", "h2", "--dir", "/tmp/x"),
                List.of("crash", "--kills", "300", "--db", "postgres", "--db-url", pg, "--settle-seconds", "600"),
                List.of("generation", "--mb", "50", "--runs", "9"))) {
            BenchCommand.Parsed parsed = parse(args.toArray(String[]::new));

            assertNull(parsed.exit(), () -> args + ": " + err);
            assertEquals(args.getFirst(), parsed.scenario());
        }
        BenchCommand.Parsed nodes = parse("diamond", "--nodes", "2", "--max-owned", "500", "--db", pg);
        assertEquals(2, nodes.options().integer("nodes", 1));
        assertEquals(500, nodes.options().integer("max-owned", 0));
        assertEquals(pg, nodes.options().text("db", null));
        assertEquals(20, nodes.options().integer("seconds", 20), "an option not given keeps the scenario's default");
    }

    @Test
    void no_scenario_is_all() {
        assertEquals("all", parse().scenario());
    }

    @Test
    void a_scenarios_help_lists_its_options_and_exits_0() {
        BenchCommand.Parsed parsed = parse("linear", "--help");

        assertEquals(0, parsed.exit());
        assertTrue(out.toString().startsWith("usage: tasker bench linear"), out::toString);
        for (String option : List.of("--db=JDBC_URL", "--nodes=N", "--warmup=N", "--tasks=N")) {
            assertTrue(out.toString().contains(option), () -> option + "\n" + out);
        }
    }

    @Test
    void an_unknown_option_or_a_bad_number_is_a_usage_error_naming_it() {
        assertEquals(2, parse("linear", "--bogus", "1").exit());
        assertEquals(
                "tasker bench linear: unknown option(s) [--bogus]",
                err.toString().lines().findFirst().orElseThrow());

        err.getBuffer().setLength(0);
        assertEquals(2, parse("crash", "--kills", "x").exit());
        assertTrue(
                err.toString().startsWith("tasker bench crash: Invalid value for option '--kills': 'x'"),
                err::toString);

        err.getBuffer().setLength(0);
        assertEquals(2, parse("bogus").exit());
        assertTrue(
                err.toString().startsWith("tasker bench: unknown scenario 'bogus'; use linear, diamond,"),
                err::toString);
    }
}
