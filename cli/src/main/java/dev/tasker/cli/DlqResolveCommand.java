package dev.tasker.cli;

import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.TaskerException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code tasker dlq resolve ENTRY_ID --status S --by WHO [--notes TEXT]}: records the outcome of the
 * investigation of a pending DLQ entry. It does not touch the task: repair it with {@code step-action}
 * or end it with {@code cancel}.
 */
final class DlqResolveCommand implements CliCommand {
    private static final List<String> RESOLUTIONS = List.of("manually_resolved", "permanently_failed", "cancelled");

    @Override
    public String name() {
        return "dlq resolve";
    }

    @Override
    public String usage() {
        return "dlq resolve ENTRY_ID --status manually_resolved|permanently_failed|cancelled --by WHO "
                + "[--notes TEXT] " + OperatorEngine.DB_USAGE;
    }

    @Override
    public String summary() {
        return "resolve a pending DLQ entry (records the outcome; the task is not changed)";
    }

    @Override
    public Set<String> flags() {
        return OperatorEngine.options("status", "by", "notes");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        if (args.positional().size() != 1) {
            throw new UsageException("name one DLQ entry id");
        }
        UUID id = OperatorEngine.id(args.positional().getFirst(), "DLQ entry id");
        String status = args.requiredOption("status");
        if (!RESOLUTIONS.contains(status)) {
            throw new UsageException("--status must be one of " + String.join(", ", RESOLUTIONS) + ", not '"
                    + status + "'");
        }
        String by = args.requiredOption("by");
        String notes = args.option("notes", null);
        DlqEntry resolved;
        try (OperatorEngine engine = OperatorEngine.open(args)) {
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
