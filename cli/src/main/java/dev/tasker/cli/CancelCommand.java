package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker cancel TASK_ID [--by WHO] [--reason WHY]}: cancels an unfinished task and its unfinished
 * steps, audited with who and why. A task that has ended (complete, error, cancelled, resolved) is left
 * as it is and the command fails.
 */
@Command(
        name = "cancel",
        customSynopsis = "tasker cancel TASK_ID [--by WHO] [--reason WHY] [--templates PATH]... " + "[--db JDBC_URL]",
        description = "cancel an unfinished task and its unfinished steps")
final class CancelCommand extends CliCommand {
    /** Who cancels when {@code --by} is not given (as the reference's tasker-ctl). */
    static final String DEFAULT_ACTOR = "cli-operator";

    @Parameters(paramLabel = "TASK_ID", arity = "0..*", description = "the task's id (a UUID)")
    List<String> ids = List.of();

    @Option(names = "--by", paramLabel = "WHO", description = "who cancels (recorded; default: " + DEFAULT_ACTOR + ")")
    String by = DEFAULT_ACTOR;

    @Option(names = "--reason", paramLabel = "WHY", description = "why (recorded)")
    String reason;

    @Mixin
    TemplatesOption templates = new TemplatesOption();

    @Mixin
    DatabaseOption db = new DatabaseOption();

    CancelCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (ids.size() != 1) {
            throw new UsageException("name one task id");
        }
        UUID id = OperatorEngine.id(ids.getFirst(), "task id");
        try (OperatorEngine engine = OperatorEngine.openWithTemplates(db.url, templates.paths)) {
            TaskSnapshot before = engine.task(id);
            if (before.state().isTerminal()) {
                throw new OperatorActionException("task " + id + " is "
                        + before.state().wireName() + "; only an unfinished task can be cancelled");
            }
            engine.actionableTask(id);
            engine.tasker().cancel(id, by, reason);
            TaskSnapshot after = engine.task(id);
            long cancelled = after.steps().stream()
                            .filter(s -> s.state() == StepState.CANCELLED)
                            .count()
                    - before.steps().stream()
                            .filter(s -> s.state() == StepState.CANCELLED)
                            .count();
            out.println("task " + id + ": " + before.state().wireName() + " -> "
                    + after.state().wireName() + " (by " + by + "), " + cancelled + " step(s) cancelled");
        }
        return 0;
    }
}
