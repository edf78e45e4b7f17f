package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.TaskerException;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tasker dlq show ENTRY_ID}: one DLQ entry, with the snapshot of its task taken when it was made. */
@Command(
        name = "show",
        customSynopsis = "tasker dlq show ENTRY_ID [--db JDBC_URL]",
        description = "show a DLQ entry with its task snapshot")
final class DlqShowCommand extends CliCommand {
    @Parameters(paramLabel = "ENTRY_ID", arity = "0..*", description = "the DLQ entry's id (a UUID)")
    List<String> ids = List.of();

    @Mixin
    DatabaseOption db = new DatabaseOption();

    DlqShowCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (ids.size() != 1) {
            throw new UsageException("name one DLQ entry id");
        }
        UUID id = OperatorEngine.id(ids.getFirst(), "DLQ entry id");
        DlqEntry e;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            e = engine.tasker()
                    .dlqEntry(id)
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
        out.println(
                e.snapshot() == null
                        ? "    -"
                        : e.snapshot().toPrettyString().indent(4).stripTrailing());
        return 0;
    }
}
