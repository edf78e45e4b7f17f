package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command selection, help, version, and usage errors, which exit 2 with the usage on standard error. */
class MainTest {
    /** Every built-in command (and the test extension's), by the words that select it. */
    private static final List<List<String>> COMMANDS = List.of(
            List.of("validate"),
            List.of("visualize"),
            List.of("tasks"),
            List.of("task"),
            List.of("audit"),
            List.of("dlq", "list"),
            List.of("dlq", "show"),
            List.of("dlq", "resolve"),
            List.of("step-action"),
            List.of("cancel"),
            List.of("nodes"),
            List.of("purge"),
            List.of("run"),
            List.of("new"),
            List.of("greet"));

    @Test
    void an_unknown_command_is_a_usage_error_naming_it() {
        CliRun run = CliRun.of("bogus").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(
                "tasker: unknown command 'bogus'", run.err().lines().findFirst().orElseThrow());
        assertTrue(run.err().contains("usage: tasker <command> [options]"), run::toString);
    }

    @Test
    void no_command_at_all_is_a_usage_error_with_the_usage_on_standard_error() {
        CliRun run = CliRun.of();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("usage: tasker <command> [options]"), run::toString);
    }

    @Test
    void help_lists_every_command_and_succeeds() {
        CliRun run = CliRun.of("help");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(1, run.linesContaining("  validate PATH... [--strict]").size(), run::toString);
        assertEquals(
                1,
                run.linesContaining("  visualize FILE [--format mermaid|dot] [--env NAME]")
                        .size(),
                run::toString);
        assertEquals(1, run.linesContaining("  dlq resolve ENTRY_ID --status").size(), run::toString);
        assertEquals("", run.err());
        assertEquals(run.out(), CliRun.of("--help").out(), "--help is help");
    }

    @Test
    void every_command_has_its_own_help_listing_its_options_and_exits_0() {
        for (List<String> words : COMMANDS) {
            String[] args = java.util.stream.Stream.concat(words.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            CliRun run = CliRun.of(args).assertNoStackTrace();

            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().startsWith("usage: tasker " + String.join(" ", words)), run::toString);
            assertTrue(run.out().contains("  -h, --help"), run::toString);
            assertEquals("", run.err());
        }
    }

    @Test
    void a_commands_help_names_its_own_options_and_the_shared_ones() {
        CliRun run = CliRun.of("tasks", "--help");

        for (String option :
                List.of("--state=S", "--namespace=N", "--name=T", "--limit=N", "--offset=N", "--db=JDBC_URL")) {
            assertEquals(1, run.linesContaining(option).size(), () -> option + "\n" + run);
        }
        assertEquals(run.out(), CliRun.of("help", "tasks").out(), "help COMMAND is COMMAND --help");
    }

    @Test
    void version_prints_the_project_version() {
        CliRun run = CliRun.of("--version");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().strip().matches("tasker \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), run::toString);
    }

    @Test
    void an_option_the_command_does_not_know_is_a_usage_error_naming_it() {
        CliRun run = CliRun.of("validate", "--fast", "x.yaml").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(
                "tasker validate: unknown option(s) [--fast]",
                run.err().lines().findFirst().orElseThrow());
        assertTrue(run.err().contains("usage: tasker validate PATH... [--strict]"), run::toString);
    }

    @Test
    void an_option_without_its_value_is_a_usage_error_naming_it() {
        CliRun run = CliRun.of("tasks", "--limit").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(
                run.err().lines().findFirst().orElseThrow().startsWith("tasker tasks: ")
                        && run.err().contains("'--limit'"),
                run::toString);
    }

    @Test
    void an_option_given_twice_keeps_its_last_value_as_before() {
        CliRun run = CliRun.of("tasks", "--limit", "5", "--limit", "0").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(
                run.err().startsWith("tasker tasks: --limit must be a whole number from 1 to 10000, not '0'"),
                run::toString);
    }

    @Test
    void a_group_without_a_known_command_asks_for_one() {
        CliRun bare = CliRun.of("dlq").assertNoStackTrace();
        CliRun wrong = CliRun.of("dlq", "purge").assertNoStackTrace();

        assertEquals(2, bare.exitCode(), bare::toString);
        assertEquals(
                "tasker dlq: name one of list, show, resolve",
                bare.err().lines().findFirst().orElseThrow());
        assertEquals(2, wrong.exitCode(), wrong::toString);
        assertEquals(
                "tasker dlq: name one of list, show, resolve (not 'purge')",
                wrong.err().lines().findFirst().orElseThrow());
    }

    @Test
    void commands_of_extensions_on_the_class_path_are_found_and_listed() {
        CliRun help = CliRun.of("help");
        CliRun greet = CliRun.of("greet", "--name", "ann");

        assertEquals(1, help.linesContaining("  greet [--name WHO]").size(), help::toString);
        assertEquals(0, greet.exitCode(), greet::toString);
        assertEquals("hello, ann", greet.out().strip());
    }

    @Test
    void the_handlers_of_extensions_serve_tasker_run(@TempDir Path dir) {
        CliRun run = CliRun.of(
                        "run",
                        "cli_test/bundled_probe",
                        "--input",
                        "{}",
                        "--db",
                        "jdbc:h2:file:" + dir.resolve("tasker"))
                .assertNoStackTrace();

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"probed\" : true"), run::toString);
    }
}
