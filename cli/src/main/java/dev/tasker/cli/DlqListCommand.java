package dev.tasker.cli;

import dev.tasker.engine.DlqEntry;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code tasker dlq list [--status pending|...|all] [--limit 50] [--offset 0]}: DLQ entries, newest first. */
final class DlqListCommand implements CliCommand {
    private static final List<String> STATUSES = List.of("pending", "manually_resolved", "permanently_failed",
            "cancelled", "all");
    private static final int DEFAULT_LIMIT = 50;

    @Override
    public String name() {
        return "dlq list";
    }

    @Override
    public String usage() {
        return "dlq list [--status pending|manually_resolved|permanently_failed|cancelled|all] [--limit 50] "
                + "[--offset 0] " + OperatorEngine.DB_USAGE;
    }

    @Override
    public String summary() {
        return "list dead-letter-queue entries (default: pending), newest first";
    }

    @Override
    public Set<String> flags() {
        return OperatorEngine.options("status", "limit", "offset");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        if (!args.positional().isEmpty()) {
            throw new UsageException("takes no arguments, only options");
        }
        String status = args.option("status", "pending");
        if (!STATUSES.contains(status)) {
            throw new UsageException("--status must be one of " + String.join(", ", STATUSES) + ", not '"
                    + status + "'");
        }
        int limit = args.intOption("limit", DEFAULT_LIMIT, 1, 10_000);
        int offset = args.intOption("offset", 0, 0, Integer.MAX_VALUE);
        List<DlqEntry> entries;
        try (OperatorEngine engine = OperatorEngine.open(args)) {
            entries = engine.tasker().dlq(status.equals("all") ? null : status, limit, offset);
        }
        if (entries.isEmpty()) {
            out.println("no " + (status.equals("all") ? "" : status + " ") + "DLQ entries"
                    + (offset == 0 ? "" : " after the first " + offset));
            return 0;
        }
        TextTable table = new TextTable("ENTRY", "TASK", "REASON", "STATUS", "CREATED", "RESOLVED", "BY");
        for (DlqEntry e : entries) {
            table.row(e.entryId().toString(), e.taskId().toString(), e.reason(), e.status(), Cells.time(e.createdAt()),
                    Cells.time(e.resolvedAt()), e.resolvedBy() == null ? "-" : e.resolvedBy());
        }
        table.lines().forEach(out::println);
        if (entries.size() == limit) {
            out.println("(" + entries.size() + " shown; the next page: --offset " + (offset + entries.size()) + ")");
        }
        return 0;
    }
}
