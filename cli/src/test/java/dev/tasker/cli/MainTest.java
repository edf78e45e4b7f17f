package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Command selection, help, and usage errors, which exit 2 with the usage on standard error. */
class MainTest {

    @Test
    void an_unknown_command_is_a_usage_error_naming_it() {
        CliRun run = CliRun.of("bogus").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals("tasker: unknown command 'bogus'", run.err().lines().findFirst().orElseThrow());
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
        assertEquals(1, run.linesContaining("  visualize FILE [--format mermaid|dot] [--env NAME]").size(),
                run::toString);
        assertEquals("", run.err());
    }

    @Test
    void an_option_the_command_does_not_know_is_a_usage_error() {
        CliRun run = CliRun.of("validate", "--fast", "x.yaml").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("tasker validate: unknown option(s) [--fast]", run.err().lines().findFirst().orElseThrow());
    }
}
