package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.TaskerException;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker dlq resolve ENTRY_ID --status S --by WHO [--notes TEXT]}: records the outcome of the
 * investigation of a pending DLQ entry. It does not touch the task: repair it with {@code step-action}
 * or end it with {@code cancel}.
 */
@Command(
        name = "resolve",
        customSynopsis = "tasker dlq resolve ENTRY_ID --status manually_resolved|"
                + "permanently_failed|cancelled --by WHO [--notes TEXT] [--db JDBC_URL]",
        description = "resolve a pending DLQ entry (records the outcome; the task is not changed)")
final class DlqResolveCommand extends CliCommand {
    private static final List<String> RESOLUTIONS = List.of("manually_resolved", "permanently_failed", "cancelled");

    @Parameters(paramLabel = "ENTRY_ID", arity = "0..*", description = "the DLQ entry's id (a UUID)")
    List<String> ids = List.of();

    @Option(names = "--status", paramLabel = "S", description = "manually_resolved, permanently_failed or cancelled")
    String statusOption;

    @Option(names = "--by", paramLabel = "WHO", description = "who resolves it (recorded)")
    String byOption;

    @Option(names = "--notes", paramLabel = "TEXT", description = "what was found (recorded)")
    String notes;

    @Mixin
    DatabaseOption db = new DatabaseOption();

    DlqResolveCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (ids.size() != 1) {
            throw new UsageException("name one DLQ entry id");
        }
        UUID id = OperatorEngine.id(ids.getFirst(), "DLQ entry id");
        String status = required("status", statusOption);
        if (!RESOLUTIONS.contains(status)) {
            throw new UsageException(
                    "--status must be one of " + String.join(", ", RESOLUTIONS) + ", not '" + status + "'");
        }
        String by = required("by", byOption);
        DlqEntry resolved;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            if (engine.tasker().dlqEntry(id).isEmpty()) {
                throw new TaskerException("no DLQ entry " + id + " in " + engine.url());
            }
            engine.tasker().resolveDlq(id, status, by, notes);
            resolved = engine.tasker().dlqEntry(id).orElseThrow();
        }
        out.println("DLQ entry " + id + " (task " + resolved.taskId() + ") is now " + resolved.status() + ", by "
                + resolved.resolvedBy() + " at " + Cells.time(resolved.resolvedAt()));
        return 0;
    }
}
