package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tasker tasks [--state S] [--namespace N] [--name T] [--limit N] [--offset N]}: tasks, newest first. */
@Command(
        name = "tasks",
        customSynopsis =
                "tasker tasks [--state S] [--namespace N] [--name T] [--limit 20] " + "[--offset 0] [--db JDBC_URL]",
        description = "list the stored tasks, newest first")
final class TasksCommand extends CliCommand {
    private static final int DEFAULT_LIMIT = 20;

    @Parameters(hidden = true, arity = "0..*")
    List<String> extra = List.of();

    @Option(names = "--state", paramLabel = "S", description = "only tasks in this state (e.g. pending, complete)")
    String state;

    @Option(names = "--namespace", paramLabel = "N", description = "only tasks of this namespace")
    String namespace;

    @Option(names = "--name", paramLabel = "T", description = "only tasks of this template name")
    String name;

    @Mixin
    PageOptions page = new PageOptions();

    @Mixin
    DatabaseOption db = new DatabaseOption();

    TasksCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (!extra.isEmpty()) {
            throw new UsageException("takes no arguments, only options");
        }
        TaskQuery query = new TaskQuery(state(state), namespace, name, page.limit(DEFAULT_LIMIT), page.offset());
        List<TaskSnapshot> tasks;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            tasks = engine.tasker().tasks(query);
        }
        if (tasks.isEmpty()) {
            out.println(query.offset() == 0 ? "no tasks" : "no tasks after the first " + query.offset());
            return 0;
        }
        TextTable table = new TextTable("ID", "TEMPLATE", "STATE", "CREATED", "COMPLETED", "STEPS");
        for (TaskSnapshot t : tasks) {
            table.row(
                    t.taskId().toString(),
                    t.namespace() + "/" + t.name() + "/" + t.version(),
                    t.state().wireName(),
                    Cells.time(t.createdAt()),
                    Cells.time(t.completedAt()),
                    stepCounts(t.steps()));
        }
        table.lines().forEach(out::println);
        if (tasks.size() == query.limit()) {
            out.println(
                    "(" + tasks.size() + " shown; the next page: --offset " + (query.offset() + tasks.size()) + ")");
        }
        return 0;
    }

    private static TaskState state(String name) {
        if (name == null) {
            return null;
        }
        try {
            return TaskState.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--state must be one of "
                    + Arrays.stream(TaskState.values()).map(TaskState::wireName).toList() + ", not '" + name + "'");
        }
    }

    /** {@code 2/4 done, 1 error, 1 pending}: steps done, then the others by state. */
    static String stepCounts(List<StepSnapshot> steps) {
        Map<StepState, Integer> others = new EnumMap<>(StepState.class);
        int done = 0;
        for (StepSnapshot s : steps) {
            if (s.state().satisfiesDependents()) {
                done++;
            } else {
                others.merge(s.state(), 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder(done + "/" + steps.size() + " done");
        others.forEach((state, n) -> sb.append(", ").append(n).append(' ').append(state.wireName()));
        return sb.toString();
    }
}
