package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.DlqEntry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tasker dlq list [--status pending|...|all] [--limit 50] [--offset 0]}: DLQ entries, newest first. */
@Command(
        name = "list",
        customSynopsis = "tasker dlq list [--status pending|manually_resolved|permanently_failed|"
                + "cancelled|all] [--limit 50] [--offset 0] [--db JDBC_URL]",
        description = "list dead-letter-queue entries (default: pending), newest first")
final class DlqListCommand extends CliCommand {
    private static final List<String> STATUSES =
            List.of("pending", "manually_resolved", "permanently_failed", "cancelled", "all");
    private static final int DEFAULT_LIMIT = 50;

    @Parameters(hidden = true, arity = "0..*")
    List<String> extra = List.of();

    @Option(
            names = "--status",
            paramLabel = "S",
            description = "pending (default), manually_resolved, " + "permanently_failed, cancelled or all")
    String status = "pending";

    @Mixin
    PageOptions page = new PageOptions();

    @Mixin
    DatabaseOption db = new DatabaseOption();

    DlqListCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (!extra.isEmpty()) {
            throw new UsageException("takes no arguments, only options");
        }
        if (!STATUSES.contains(status)) {
            throw new UsageException(
                    "--status must be one of " + String.join(", ", STATUSES) + ", not '" + status + "'");
        }
        int limit = page.limit(DEFAULT_LIMIT);
        int offset = page.offset();
        List<DlqEntry> entries;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            entries = engine.tasker().dlq(status.equals("all") ? null : status, limit, offset);
        }
        if (entries.isEmpty()) {
            out.println("no " + (status.equals("all") ? "" : status + " ") + "DLQ entries"
                    + (offset == 0 ? "" : " after the first " + offset));
            return 0;
        }
        TextTable table = new TextTable("ENTRY", "TASK", "REASON", "STATUS", "CREATED", "RESOLVED", "BY");
        for (DlqEntry e : entries) {
            table.row(
                    e.entryId().toString(),
                    e.taskId().toString(),
                    e.reason(),
                    e.status(),
                    Cells.time(e.createdAt()),
                    Cells.time(e.resolvedAt()),
                    e.resolvedBy() == null ? "-" : e.resolvedBy());
        }
        table.lines().forEach(out::println);
        if (entries.size() == limit) {
            out.println("(" + entries.size() + " shown; the next page: --offset " + (offset + entries.size()) + ")");
        }
        return 0;
    }
}
