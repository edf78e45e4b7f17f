package dev.tasker.cli;

import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.TaskQuery;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code tasker tasks [--state S] [--namespace N] [--name T] [--limit N] [--offset N]}: tasks, newest first. */
final class TasksCommand implements CliCommand {
    private static final int DEFAULT_LIMIT = 20;

    @Override
    public String name() {
        return "tasks";
    }

    @Override
    public String usage() {
        return "tasks [--state S] [--namespace N] [--name T] [--limit 20] [--offset 0] " + OperatorEngine.DB_USAGE;
    }

    @Override
    public String summary() {
        return "list the stored tasks, newest first";
    }

    @Override
    public Set<String> flags() {
        return OperatorEngine.options("state", "namespace", "name", "limit", "offset");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        if (!args.positional().isEmpty()) {
            throw new UsageException("takes no arguments, only options");
        }
        TaskQuery query = new TaskQuery(state(args.option("state", null)), args.option("namespace", null),
                args.option("name", null), args.intOption("limit", DEFAULT_LIMIT, 1, 10_000),
                args.intOption("offset", 0, 0, Integer.MAX_VALUE));
        List<TaskSnapshot> tasks;
        try (OperatorEngine engine = OperatorEngine.open(args)) {
            tasks = engine.tasker().tasks(query);
        }
        if (tasks.isEmpty()) {
            out.println(query.offset() == 0 ? "no tasks" : "no tasks after the first " + query.offset());
            return 0;
        }
        TextTable table = new TextTable("ID", "TEMPLATE", "STATE", "CREATED", "COMPLETED", "STEPS");
        for (TaskSnapshot t : tasks) {
            table.row(t.taskId().toString(), t.namespace() + "/" + t.name() + "/" + t.version(), t.state().wireName(),
                    Cells.time(t.createdAt()), Cells.time(t.completedAt()), stepCounts(t.steps()));
        }
        table.lines().forEach(out::println);
        if (tasks.size() == query.limit()) {
            out.println("(" + tasks.size() + " shown; the next page: --offset " + (query.offset() + tasks.size())
                    + ")");
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
            throw new UsageException("--state must be one of " + Arrays.stream(TaskState.values())
                    .map(TaskState::wireName).toList() + ", not '" + name + "'");
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
