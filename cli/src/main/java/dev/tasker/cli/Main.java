package dev.tasker.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code ./tasker} command line. Each sub-command is a {@link CliCommand}; errors the user can fix
 * print one clear message (no stack trace) and exit non-zero.
 */
public final class Main {
    private final Map<String, CliCommand> commands = new LinkedHashMap<>();
    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        register(new DemoCommand());
        register(new ValidateCommand());
        register(new VisualizeCommand());
        register(new RunCommand());
        register(new NewCommand());
    }

    private void register(CliCommand c) {
        commands.put(c.name(), c);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err).run(args));
    }

    /** Runs one command line; returns the exit status. */
    int run(String[] args) {
        if (args.length == 0) {
            usage(err);
            return 2;
        }
        if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return 0;
        }
        CliCommand command = commands.get(args[0]);
        if (command == null) {
            err.println("tasker: unknown command '" + args[0] + "'");
            usage(err);
            return 2;
        }
        try {
            return command.run(Arguments.parse(Arrays.copyOfRange(args, 1, args.length), command.flags()), out, err);
        } catch (UsageException e) {
            err.println("tasker " + command.name() + ": " + e.getMessage());
            err.println("usage: tasker " + command.usage());
            return 2;
        } catch (RuntimeException e) {
            err.println("tasker " + command.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private void usage(PrintStream to) {
        to.println("usage: tasker <command> [options]");
        to.println();
        for (CliCommand c : commands.values()) {
            to.printf("  %-60s %s%n", c.usage(), c.summary());
        }
    }
}
