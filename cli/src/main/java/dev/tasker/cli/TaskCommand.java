package dev.tasker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskSnapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker task TASK_ID [--full]}: a task's state and context, and per step its state, attempts,
 * times, how long its last attempt took, and its result or error (JSON cut at {@value Cells#JSON_LIMIT}
 * characters unless {@code --full}). A step an operator finished says who did it and why. A failed
 * attempt's causes follow its error, one per line, then the start of its stored stack trace (all of it
 * with {@code --full}).
 */
@Command(
        name = "task",
        customSynopsis = "tasker task TASK_ID [--full] [--db JDBC_URL]",
        description = "show a task: state, context, and each step's attempts, times, result or error")
final class TaskCommand extends CliCommand {
    private static final String ENGINE = "engine";
    private static final int TRACE_LINES = 12;

    @Parameters(paramLabel = "TASK_ID", arity = "0..*", description = "the task's id (a UUID)")
    List<String> ids = List.of();

    @Option(names = "--full", description = "JSON and stack traces whole, not cut")
    boolean full;

    @Mixin
    DatabaseOption db = new DatabaseOption();

    TaskCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (ids.size() != 1) {
            throw new UsageException("name one task id");
        }
        UUID id = OperatorEngine.id(ids.getFirst(), "task id");
        int limit = full ? 0 : Cells.JSON_LIMIT;
        TaskSnapshot task;
        AuditTrail audit;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            task = engine.task(id);
            audit = engine.tasker().audit(id);
        }
        out.println("Task " + task.taskId() + "  " + task.namespace() + "/" + task.name() + "/" + task.version());
        out.println("  state        " + task.state().wireName());
        out.println("  created      " + Cells.time(task.createdAt()));
        if (task.runAt() != null) {
            out.println("  run at       " + Cells.time(task.runAt()));
        }
        out.println("  completed    " + Cells.time(task.completedAt()));
        out.println("  priority     " + task.priority()
                + (task.correlationId() == null ? "" : "   correlation id " + task.correlationId()));
        out.println("  context      " + Cells.json(task.context(), limit));
        if (task.parent() != null) {
            out.println("  parent       " + task.parent().parentTaskId() + " (step '"
                    + task.parent().parentStep() + "')");
        }
        for (var child : task.children()) {
            out.println("  child        " + child.childTaskId() + " (started by step '" + child.parentStep() + "')");
        }
        out.println();
        printSteps(task.steps(), lastTransitions(audit), limit, out);
        return 0;
    }

    private static Map<String, StepTransition> lastTransitions(AuditTrail audit) {
        Map<String, StepTransition> last = new HashMap<>();
        audit.steps().forEach(r -> last.put(r.stepName(), r));
        return last;
    }

    private static void printSteps(
            List<StepSnapshot> steps, Map<String, StepTransition> last, int limit, PrintStream out) {
        TextTable table = new TextTable("STEP", "STATE", "ATTEMPTS", "LAST ATTEMPTED", "COMPLETED", "TOOK");
        List<List<String>> details = new ArrayList<>();
        for (StepSnapshot s : steps) {
            StepTransition finished = last.get(s.name());
            boolean byOperator = finished != null && !ENGINE.equals(finished.actor());
            table.row(
                    s.name(),
                    s.state().wireName(),
                    s.attempts() + "/" + s.maxAttempts(),
                    Cells.time(s.lastAttemptedAt()),
                    Cells.time(s.completedAt()),
                    took(s, byOperator));
            List<String> lines = new ArrayList<>();
            if (s.state() == StepState.WAITING_FOR_RETRY) {
                lines.add("next attempt  " + Cells.time(s.nextAttemptAt()));
            }
            if (s.waitingReason() != null) {
                lines.add("waiting       " + Cells.line(s.waitingReason()));
            }
            if (byOperator) {
                lines.add("operator      " + finished.actor() + ": " + Cells.line(finished.reason()));
            }
            if (s.result() != null) {
                lines.add("result        " + Cells.json(s.result(), limit));
            }
            if (s.error() != null) {
                ObjectNode error = s.error().deepCopy();
                JsonNode causes = error.remove("causes");
                JsonNode trace = error.remove("stack_trace");
                lines.add((s.state() == StepState.ERROR ? "error         " : "last error    ")
                        + Cells.json(error, limit));
                if (causes != null) {
                    causes.forEach(cause -> lines.add("caused by     " + Cells.line(cause.asText())));
                }
                if (trace != null) {
                    lines.addAll(traceLines(trace.asText(), limit == 0));
                }
            }
            details.add(lines);
        }
        List<String> rows = table.lines();
        out.println(rows.getFirst());
        for (int i = 0; i < details.size(); i++) {
            out.println(rows.get(i + 1));
            details.get(i).forEach(line -> out.println("    " + line));
        }
    }

    /** The stored stack trace: its first {@value #TRACE_LINES} lines, all with {@code --full}. */
    private static List<String> traceLines(String trace, boolean full) {
        List<String> all = trace.lines().toList();
        List<String> shown = new ArrayList<>();
        shown.add("stack trace");
        int count = full ? all.size() : Math.min(all.size(), TRACE_LINES);
        for (int i = 0; i < count; i++) {
            shown.add("  " + all.get(i).replace("\t", "  "));
        }
        if (count < all.size()) {
            shown.add("  ... " + (all.size() - count) + " more lines (--full shows them)");
        }
        return shown;
    }

    /** How long the last attempt ran, when the engine (not an operator) finished it. */
    private static String took(StepSnapshot s, boolean byOperator) {
        if (byOperator
                || s.lastAttemptedAt() == null
                || s.completedAt() == null
                || s.completedAt().isBefore(s.lastAttemptedAt())) {
            return "-";
        }
        return Cells.duration(Duration.between(s.lastAttemptedAt(), s.completedAt()));
    }
}
