package dev.tasker.cli;

import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import java.io.PrintStream;
import java.util.Set;
import java.util.UUID;

/**
 * {@code tasker cancel TASK_ID [--by WHO] [--reason WHY]}: cancels an unfinished task and its unfinished
 * steps, audited with who and why. A task that has ended (complete, error, cancelled, resolved) is left
 * as it is and the command fails.
 */
final class CancelCommand implements CliCommand {
    /** Who cancels when {@code --by} is not given (as the reference's tasker-ctl). */
    static final String DEFAULT_ACTOR = "cli-operator";

    @Override
    public String name() {
        return "cancel";
    }

    @Override
    public String usage() {
        return "cancel TASK_ID [--by WHO] [--reason WHY] " + OperatorEngine.TEMPLATES_USAGE;
    }

    @Override
    public String summary() {
        return "cancel an unfinished task and its unfinished steps";
    }

    @Override
    public Set<String> flags() {
        return OperatorEngine.optionsWithTemplates("by", "reason");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        if (args.positional().size() != 1) {
            throw new UsageException("name one task id");
        }
        UUID id = OperatorEngine.id(args.positional().getFirst(), "task id");
        String by = args.option("by", DEFAULT_ACTOR);
        String reason = args.option("reason", null);
        try (OperatorEngine engine = OperatorEngine.openWithTemplates(args)) {
            TaskSnapshot before = engine.task(id);
            if (before.state().isTerminal()) {
                throw new OperatorActionException("task " + id + " is " + before.state().wireName()
                        + "; only an unfinished task can be cancelled");
            }
            engine.actionableTask(id);
            engine.tasker().cancel(id, by, reason);
            TaskSnapshot after = engine.task(id);
            long cancelled = after.steps().stream().filter(s -> s.state() == StepState.CANCELLED).count()
                    - before.steps().stream().filter(s -> s.state() == StepState.CANCELLED).count();
            out.println("task " + id + ": " + before.state().wireName() + " -> " + after.state().wireName()
                    + " (by " + by + "), " + cancelled + " step(s) cancelled");
        }
        return 0;
    }
}
