package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * One sub-command of {@code ./tasker}: a picocli {@code @Command} whose {@link #call} returns the exit status.
 * A wrong command line throws {@link UsageException} (exit 2), anything else the user can fix a
 * {@link RuntimeException} with a clear message (exit 1); {@link Main} prints either without a stack trace.
 */
abstract class CliCommand implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;

    CliCommand(Terminal terminal) {
        this.out = terminal.out();
        this.err = terminal.err();
    }

    /** A whole-number option within {@code min..max}; a usage error naming the option and value otherwise. */
    static int intOption(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new UsageException(
                "--" + name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    /** A value that must be given and not blank. */
    static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }
}
