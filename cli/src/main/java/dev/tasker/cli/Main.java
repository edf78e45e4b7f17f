package dev.tasker.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ./tasker} command line. Each sub-command is a {@link CliCommand}; errors the user can fix
 * print one clear message (no stack trace) and exit non-zero: 2 for a wrong command line, 1 otherwise.
 * A command may be named by two words ({@code dlq list}); the first word alone then names the group.
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
        register(new TasksCommand());
        register(new TaskCommand());
        register(new AuditCommand());
        register(new DlqListCommand());
        register(new DlqShowCommand());
        register(new DlqResolveCommand());
        register(new StepActionCommand());
        register(new CancelCommand());
        register(new NodesCommand());
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
            usage(err, commands.values());
            return 2;
        }
        if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out, commands.values());
            return 0;
        }
        int words = args.length > 1 && commands.containsKey(args[0] + " " + args[1]) ? 2 : 1;
        CliCommand command = commands.get(words == 2 ? args[0] + " " + args[1] : args[0]);
        if (command == null) {
            return unknown(args);
        }
        try {
            return command.run(Arguments.parse(Arrays.copyOfRange(args, words, args.length), command.flags()), out,
                    err);
        } catch (UsageException e) {
            err.println("tasker " + command.name() + ": " + e.getMessage());
            err.println("usage: tasker " + command.usage());
            return 2;
        } catch (RuntimeException e) {
            err.println("tasker " + command.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    /** Not a command: maybe a group ({@code dlq}) without its second word, or with a wrong one. */
    private int unknown(String[] args) {
        List<CliCommand> group = commands.values().stream().filter(c -> c.name().startsWith(args[0] + " ")).toList();
        if (group.isEmpty()) {
            err.println("tasker: unknown command '" + args[0] + "'");
            usage(err, commands.values());
        } else {
            err.println("tasker " + args[0] + ": name one of " + String.join(", ", group.stream()
                    .map(c -> c.name().substring(args[0].length() + 1)).toList())
                    + (args.length > 1 && !args[1].startsWith("-") ? " (not '" + args[1] + "')" : ""));
            usage(err, group);
        }
        return 2;
    }

    private static void usage(PrintStream to, Collection<CliCommand> listed) {
        to.println("usage: tasker <command> [options]");
        to.println();
        for (CliCommand c : listed) {
            if (c.usage().length() <= 60) {
                to.printf("  %-60s %s%n", c.usage(), c.summary());
            } else {
                to.printf("  %s%n  %-60s %s%n", c.usage(), "", c.summary());
            }
        }
    }
}
