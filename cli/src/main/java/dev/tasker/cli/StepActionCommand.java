package dev.tasker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.spi.JsonCodec;
import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskerClient;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker step-action TASK_ID STEP reset|resolve|complete --by WHO --reason WHY [--result JSON]}:
 * an operator action on one step (reference §3.11), audited with who and why. {@code reset} puts a step
 * in error back to pending with no attempts used; {@code resolve} marks it resolved by hand, without a
 * result; {@code complete} marks it complete with the {@code --result} its dependents will read.
 */
@Command(
        name = "step-action",
        customSynopsis = "tasker step-action TASK_ID STEP reset|resolve|complete --by WHO "
                + "--reason WHY [--result JSON] [--templates PATH]... [--db JDBC_URL]",
        description = "reset a failed step, resolve it by hand, or complete it with a result (needs --result)")
final class StepActionCommand extends CliCommand {
    @Parameters(
            paramLabel = "TASK_ID STEP ACTION",
            arity = "0..*",
            description = "the task's id, the step's name, and reset, resolve or complete")
    List<String> words = List.of();

    @Option(names = "--by", paramLabel = "WHO", description = "who acts (recorded)")
    String byOption;

    @Option(names = "--reason", paramLabel = "WHY", description = "why (recorded)")
    String reasonOption;

    @Option(names = "--result", paramLabel = "JSON", description = "the result of a completed step (complete only)")
    String resultOption;

    @Mixin
    TemplatesOption templates = new TemplatesOption();

    @Mixin
    DatabaseOption db = new DatabaseOption();

    StepActionCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (words.size() != 3) {
            throw new UsageException("name a task id, a step and an action (reset, resolve or complete)");
        }
        UUID id = OperatorEngine.id(words.get(0), "task id");
        String step = words.get(1);
        String action = words.get(2);
        if (!Set.of("reset", "resolve", "complete").contains(action)) {
            throw new UsageException("the action is reset, resolve or complete, not '" + action + "'");
        }
        JsonNode result = result(resultOption, action);
        String by = required("by", byOption);
        String reason = required("reason", reasonOption);
        try (OperatorEngine engine = OperatorEngine.openWithTemplates(db.url, templates.paths)) {
            StepSnapshot before = engine.actionableTask(id).step(step);
            TaskerClient tasker = engine.tasker();
            switch (action) {
                case "reset" -> tasker.resetStep(id, step, by, reason);
                case "resolve" -> tasker.resolveStep(id, step, by, reason);
                default -> tasker.completeStep(id, step, result, by, reason);
            }
            TaskSnapshot after = engine.task(id);
            out.println(
                    "step '" + step + "' of task " + id + ": " + before.state().wireName() + " -> "
                            + after.step(step).state().wireName() + " (by " + by + "); the task is "
                            + after.state().wireName());
        }
        return 0;
    }

    private static JsonNode result(String text, String action) {
        if (!action.equals("complete")) {
            if (text != null) {
                throw new UsageException("--result goes with complete only");
            }
            return null;
        }
        if (text == null) {
            throw new UsageException("complete needs --result JSON (the result the step's dependents read)");
        }
        try {
            JsonNode node = JsonCodec.mapper().readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new UsageException("--result is empty; give a JSON value such as '{\"ok\": true}'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UsageException("--result is not JSON: " + e.getOriginalMessage());
        }
    }
}
