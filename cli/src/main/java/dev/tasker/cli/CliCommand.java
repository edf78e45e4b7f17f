package dev.tasker.cli;

import java.io.PrintStream;
import java.util.Set;

/** One sub-command of {@code ./tasker}. */
interface CliCommand {

    /** The word that selects it, or two words for a command of a group ({@code dlq list}). */
    String name();

    /** Its usage line, after {@code tasker }. */
    String usage();

    /** One line on what it does. */
    String summary();

    /** The options that take a value ({@code --format}); other {@code --x} are boolean flags. */
    Set<String> flags();

    /** Runs it; returns the exit status. */
    int run(Arguments args, PrintStream out, PrintStream err);
}
