package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the command line, in process, with what it printed captured.
 *
 * @param exitCode the status {@link Main#run} returned
 * @param out      what went to standard output
 * @param err      what went to standard error
 */
record CliRun(int exitCode, String out, String err) {
    /** A Java class name ending in Exception or Error, or a stack frame. */
    private static final Pattern STACK_TRACE = Pattern.compile("[A-Za-z_$][\\w$.]*(Exception|Error)\\b|\\tat ");

    private static final Pattern STORED_ERROR = Pattern.compile("^(    caused by |    stack trace$|      )");

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
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
        // A failed step's stored causes and stack trace, which `task` shows on purpose, are not the CLI's own.
        String own = out.lines()
                .filter(line -> !STORED_ERROR.matcher(line).find())
                .collect(java.util.stream.Collectors.joining("\n"));
        Matcher found = STACK_TRACE.matcher(own + err);
        assertFalse(found.find(), () -> "stack trace material '" + found.group() + "' in output:\n" + this);
        return this;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
