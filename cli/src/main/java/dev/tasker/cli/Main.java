package dev.tasker.cli;

import dev.tasker.cli.spi.CliExtension;
import dev.tasker.cli.spi.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ./tasker} command line, on picocli: the built-in commands, then those of each
 * {@link CliExtension} on the class path (the examples' {@code demo}). Errors the user can fix print one
 * clear message (no stack trace) and exit non-zero: 2 for a wrong command line (with the command's usage),
 * 1 otherwise. Every command takes {@code --help}; {@code tasker help [COMMAND]} and {@code --version} too.
 */
@Command(
        name = "tasker",
        customSynopsis = "tasker <command> [options]",
        synopsisHeading = "usage: ",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = CommandLine.HelpCommand.class)
public final class Main implements Callable<Integer> {
    private static final int USAGE = 2;
    private static final int FAILED = 1;
    private static final int SYNOPSIS_WIDTH = 60;

    private final Terminal terminal;

    Main(PrintStream out, PrintStream err) {
        this.terminal = new Terminal(out, err);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new Main(out, err).run(args);
    }

    int run(String[] args) {
        CommandLine cli = commandLine();
        if (args.length == 0) {
            cli.usage(cli.getErr());
            return USAGE;
        }
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        return 0; // not reached: run() answers an empty command line
    }

    private CommandLine commandLine() {
        List<CliExtension> extensions = new ArrayList<>();
        ServiceLoader.load(CliExtension.class, Main.class.getClassLoader()).forEach(extensions::add);
        CommandLine cli = new CommandLine(this);
        for (Object c : List.of(
                new ValidateCommand(terminal),
                new VisualizeCommand(terminal),
                new TasksCommand(terminal),
                new TaskCommand(terminal),
                new AuditCommand(terminal),
                new CommandLine(new DlqCommand())
                        .addSubcommand(new DlqListCommand(terminal))
                        .addSubcommand(new DlqShowCommand(terminal))
                        .addSubcommand(new DlqResolveCommand(terminal)),
                new StepActionCommand(terminal),
                new SignalCommand(terminal),
                new CancelCommand(terminal),
                new NodesCommand(terminal),
                new SchedulesCommand(terminal),
                new PurgeCommand(terminal),
                new RunCommand(terminal, extensions),
                new NewCommand(terminal))) {
            cli.addSubcommand(c);
        }
        extensions.forEach(e -> e.commands(terminal).forEach(cli::addSubcommand));
        withHelp(cli);
        cli.setExpandAtFiles(false); // --input @FILE is the command's own: the file is the input, not arguments
        cli.setOverwrittenOptionsAllowed(true); // as before: an option given twice keeps its last value
        cli.setOut(new PrintWriter(terminal.out(), true));
        cli.setErr(new PrintWriter(terminal.err(), true));
        cli.setParameterExceptionHandler(this::usageError);
        cli.setExecutionExceptionHandler(this::failure);
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commandList(cli));
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "\n");
        cli.getCommandSpec()
                .usageMessage()
                .sectionKeys(List.of(
                        UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING,
                        UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                        UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
                        UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                        UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
                        UsageMessageSpec.SECTION_KEY_OPTION_LIST));
        cli.getCommandSpec().usageMessage().optionListHeading("%nOptions:%n");
        return cli;
    }

    /** {@code --help} (and {@code --version}) on every command, with the usage heading the errors use. */
    private static void withHelp(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (!(spec.userObject() instanceof CommandLine.HelpCommand)) {
                spec.mixinStandardHelpOptions(true);
                spec.versionProvider(new Version());
                spec.usageMessage()
                        .synopsisHeading("usage: ")
                        .descriptionHeading("%n")
                        .optionListHeading("%n");
            }
            withHelp(sub);
        }
    }

    /** A wrong command line: the message naming what was wrong, then the usage; exit 2. */
    private int usageError(ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        PrintWriter err = c.getErr();
        String name = c.getCommandSpec().qualifiedName(" ");
        String first =
                e instanceof UnmatchedArgumentException u ? u.getUnmatched().getFirst() : "";
        if (e instanceof UnmatchedArgumentException && c.getParent() == null && !first.startsWith("-")) {
            err.println("tasker: unknown command '" + first + "'");
            c.usage(err);
            return USAGE;
        }
        if (e instanceof UnmatchedArgumentException
                && c.getParent() != null
                && !c.getSubcommands().isEmpty()) {
            // A group (dlq) without one of its commands, or with a wrong one.
            err.println(name + ": name one of "
                    + String.join(", ", c.getSubcommands().keySet())
                    + (first.startsWith("-") ? "" : " (not '" + first + "')"));
            c.usage(err);
            return USAGE;
        }
        err.println(name + ": " + message(e));
        err.println(synopsis(c));
        return USAGE;
    }

    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && u.isUnknownOption()) {
            return "unknown option(s) "
                    + u.getUnmatched().stream()
                            .filter(a -> a.startsWith("-"))
                            .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
                            .sorted()
                            .toList();
        }
        return e.getMessage();
    }

    /** An error from a command's run: a usage error (exit 2) or a failure (exit 1), one line, no stack trace. */
    private int failure(Exception e, CommandLine c, ParseResult parsed) {
        PrintWriter err = c.getErr();
        String name = c.getCommandSpec().qualifiedName(" ");
        if (e instanceof UsageException) {
            err.println(name + ": " + e.getMessage());
            err.println(synopsis(c));
            return USAGE;
        }
        err.println(name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        return FAILED;
    }

    private static String synopsis(CommandLine c) {
        String[] custom = c.getCommandSpec().usageMessage().customSynopsis();
        return "usage: " + (custom.length > 0 ? custom[0] : c.getCommandSpec().qualifiedName(" ") + " [options]")
                + "  (more: " + c.getCommandSpec().qualifiedName(" ") + " --help)";
    }

    /** The commands with their usage and one line on each, as {@code tasker help} has always shown them. */
    private static String commandList(CommandLine cli) {
        StringBuilder sb = new StringBuilder();
        addCommands(cli, sb);
        sb.append(String.format(
                "%n  %-60s %s%n", "help [COMMAND]", "this list, or a command's options (as COMMAND " + "--help)"));
        return sb.toString();
    }

    private static void addCommands(CommandLine parent, StringBuilder sb) {
        for (Map.Entry<String, CommandLine> e : parent.getSubcommands().entrySet()) {
            CommandSpec spec = e.getValue().getCommandSpec();
            if (spec.userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            if (!e.getValue().getSubcommands().isEmpty()) {
                addCommands(e.getValue(), sb);
                continue;
            }
            String[] custom = spec.usageMessage().customSynopsis();
            String usage = (custom.length > 0 ? custom[0] : spec.qualifiedName(" ")).replaceFirst("^tasker ", "");
            String summary = spec.usageMessage().description().length > 0
                    ? spec.usageMessage().description()[0]
                    : "";
            if (usage.length() <= SYNOPSIS_WIDTH) {
                sb.append(String.format("  %-60s %s%n", usage, summary));
            } else {
                sb.append(String.format("  %s%n  %-60s %s%n", usage, "", summary));
            }
        }
    }

    /** The project's version, from the resource the build fills in. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // reported as unknown below
            }
            return new String[] {"tasker " + p.getProperty("version", "(version unknown)")};
        }
    }

    /** {@code tasker dlq}: the group of the dead-letter-queue commands; alone, it asks for one of them. */
    @Command(
            name = "dlq",
            description = "the dead-letter queue: list, show, resolve",
            customSynopsis = "tasker dlq list|show|resolve ...")
    static final class DlqCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(
                    spec.commandLine(),
                    "name one of " + String.join(", ", spec.subcommands().keySet()));
        }
    }
}
