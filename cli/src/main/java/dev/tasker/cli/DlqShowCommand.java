package dev.tasker.cli;

import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.TaskerException;
import java.io.PrintStream;
import java.util.Set;
import java.util.UUID;

/** {@code tasker dlq show ENTRY_ID}: one DLQ entry, with the snapshot of its task taken when it was made. */
final class DlqShowCommand implements CliCommand {

    @Override
    public String name() {
        return "dlq show";
    }

    @Override
    public String usage() {
        return "dlq show ENTRY_ID " + OperatorEngine.DB_USAGE;
    }

    @Override
    public String summary() {
        return "show a DLQ entry with its task snapshot";
    }

    @Override
    public Set<String> flags() {
        return OperatorEngine.options();
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        if (args.positional().size() != 1) {
            throw new UsageException("name one DLQ entry id");
        }
        UUID id = OperatorEngine.id(args.positional().getFirst(), "DLQ entry id");
        DlqEntry e;
        try (OperatorEngine engine = OperatorEngine.open(args)) {
            e = engine.tasker().dlqEntry(id)
                    .orElseThrow(() -> new TaskerException("no DLQ entry " + id + " in " + engine.url()));
        }
        out.println("DLQ entry " + e.entryId());
        out.println("  task         " + e.taskId());
        out.println("  reason       " + e.reason());
        out.println("  status       " + e.status());
        out.println("  created      " + Cells.time(e.createdAt()));
        out.println("  resolved     " + Cells.time(e.resolvedAt())
                + (e.resolvedBy() == null ? "" : " by " + e.resolvedBy()));
        out.println("  notes        " + Cells.line(e.notes()));
        out.println("  snapshot (the task when the entry was made):");
        out.println(e.snapshot() == null ? "    -" : e.snapshot().toPrettyString().indent(4).stripTrailing());
        return 0;
    }
}
