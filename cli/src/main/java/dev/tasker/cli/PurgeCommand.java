package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.PurgeReport;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker purge --older-than AGE [--namespace N] [--dry-run]}: deletes the finished tasks that ended more
 * than AGE ago, with all their rows, and prints the rows deleted per table. Unfinished tasks, tasks with a
 * pending DLQ entry and tasks with undelivered outbox events stay.
 */
@Command(
        name = "purge",
        customSynopsis = "tasker purge --older-than AGE [--namespace N] [--dry-run] [--db JDBC_URL]",
        description =
                "delete finished tasks older than AGE (30d, 12h, 90m, 45s or ISO PT1H), printing counts per table")
final class PurgeCommand extends CliCommand {
    @Parameters(hidden = true, arity = "0..*")
    List<String> extra = List.of();

    @Option(names = "--older-than", paramLabel = "AGE", description = "tasks that finished longer ago than this")
    String olderThan;

    @Option(names = "--namespace", paramLabel = "N", description = "only tasks of this namespace")
    String namespace;

    @Option(names = "--dry-run", description = "count what would be deleted; delete nothing")
    boolean dryRun;

    @Mixin
    DatabaseOption db = new DatabaseOption();

    PurgeCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (!extra.isEmpty()) {
            throw new UsageException("takes no arguments, only options");
        }
        Duration age = age(required("older-than", olderThan));
        PurgeReport report;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            report = engine.tasker().purge(age, namespace, dryRun);
        }
        out.println((dryRun ? "would delete " : "deleted ") + report.tasks() + " finished task(s) older than "
                + olderThan + (namespace == null ? "" : " in namespace " + namespace) + ":");
        TextTable table = new TextTable("TABLE", "ROWS");
        for (Map.Entry<String, Long> e : report.rowsByTable().entrySet()) {
            table.row(e.getKey(), String.valueOf(e.getValue()));
        }
        table.row("total", String.valueOf(report.totalRows()));
        table.lines().forEach(out::println);
        return 0;
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}, or an ISO-8601 duration; zero or more. */
    static Duration age(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d+[dhms]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            Duration d = Duration.parse(text.strip());
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // the usage error below says what is accepted
        }
        throw new UsageException("--older-than must be an age such as 30d, 12h, 90m, 45s or PT1H, not '" + text + "'");
    }
}
