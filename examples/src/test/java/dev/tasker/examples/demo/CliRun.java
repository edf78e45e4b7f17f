package dev.tasker.examples.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tasker.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of {@code ./tasker}, in process, with the examples on the class path (as the launcher runs it) and
 * what it printed captured.
 *
 * @param exitCode the status {@link Main#run} returned
 * @param out      what went to standard output
 * @param err      what went to standard error
 */
record CliRun(int exitCode, String out, String err) {
    /** A Java class name ending in Exception or Error, or a stack frame. */
    private static final Pattern STACK_TRACE = Pattern.compile("[A-Za-z_$][\\w$.]*(Exception|Error)\\b|\\tat ");

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** @return standard output's lines */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** @return the lines of both streams that contain {@code text} */
    List<String> linesContaining(String text) {
        return (out + err).lines().filter(line -> line.contains(text)).toList();
    }

    /** Fails when either stream shows an exception class name or a stack frame. */
    CliRun assertNoStackTrace() {
        Matcher found = STACK_TRACE.matcher(out + err);
        assertFalse(found.find(), () -> "stack trace material '" + found.group() + "' in output:\n" + this);
        return this;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
