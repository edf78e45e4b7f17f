package dev.tasker.cli.spi;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Where a command prints: its results to {@code out}, its errors to {@code err}. The command line hands one to
 * every command, so that tests capture both.
 *
 * @param out standard output
 * @param err standard error
 */
public record Terminal(PrintStream out, PrintStream err) {
    public Terminal {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }
}
