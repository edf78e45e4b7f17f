package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskTransition;
import dev.tasker.engine.TaskerException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker audit TASK_ID [--step NAME]}: every recorded state change of a task and its steps (or of
 * one step), oldest first, with the attempt, the engine node, who asked for it and why.
 */
@Command(
        name = "audit",
        customSynopsis = "tasker audit TASK_ID [--step NAME] [--db JDBC_URL]",
        description = "a task's audit trail, oldest first: from -> to, attempt, node, actor, reason")
final class AuditCommand extends CliCommand {
    @Parameters(paramLabel = "TASK_ID", arity = "0..*", description = "the task's id (a UUID)")
    List<String> ids = List.of();

    @Option(names = "--step", paramLabel = "NAME", description = "only this step's changes")
    String step;

    @Mixin
    DatabaseOption db = new DatabaseOption();

    AuditCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (ids.size() != 1) {
            throw new UsageException("name one task id");
        }
        UUID id = OperatorEngine.id(ids.getFirst(), "task id");
        AuditTrail audit;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            TaskSnapshot task = engine.task(id);
            if (step != null && task.steps().stream().noneMatch(s -> s.name().equals(step))) {
                throw new TaskerException("task " + id + " has no step '" + step + "'; it has "
                        + task.steps().stream().map(StepSnapshot::name).toList());
            }
            audit = engine.tasker().audit(id);
        }
        TextTable table = new TextTable("TIME", "SUBJECT", "CHANGE", "ATTEMPT", "NODE", "ACTOR", "REASON");
        for (Entry e : entries(audit, step)) {
            table.row(
                    Cells.time(e.at()),
                    e.subject(),
                    e.change(),
                    e.attempt(),
                    e.node(),
                    e.actor(),
                    Cells.line(e.reason()));
        }
        table.lines().forEach(out::println);
        return 0;
    }

    /**
     * Task and step changes in one list, oldest first. Changes made in one engine cycle share a time:
     * there the task's creation comes first, then its steps' changes, then the task change they caused.
     */
    private static List<Entry> entries(AuditTrail audit, String step) {
        List<Entry> all = new ArrayList<>();
        if (step == null) {
            for (TaskTransition r : audit.task()) {
                all.add(new Entry(
                        r.at(),
                        r.fromState() == null ? 0 : 2,
                        "task",
                        change(
                                r.fromState() == null ? null : r.fromState().wireName(),
                                r.toState().wireName()),
                        "-",
                        r.nodeId(),
                        r.actor(),
                        r.reason()));
            }
        }
        for (StepTransition r : step == null ? audit.steps() : audit.step(step)) {
            all.add(new Entry(
                    r.at(),
                    1,
                    "step " + r.stepName(),
                    change(
                            r.fromState() == null ? null : r.fromState().wireName(),
                            r.toState().wireName()),
                    String.valueOf(r.attempt()),
                    r.nodeId(),
                    r.actor(),
                    r.reason()));
        }
        // A stable sort: rows of one kind keep the order they were written in.
        all.sort(Comparator.comparing(Entry::at).thenComparingInt(Entry::rank));
        return all;
    }

    private static String change(String from, String to) {
        return (from == null ? "(new)" : from) + " -> " + to;
    }

    private record Entry(
            Instant at,
            int rank,
            String subject,
            String change,
            String attempt,
            String node,
            String actor,
            String reason) {
        Entry {
            node = node == null ? "-" : node;
            actor = actor == null ? "-" : actor;
        }
    }
}
