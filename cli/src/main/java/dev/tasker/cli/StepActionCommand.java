package dev.tasker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskerClient;
import java.io.PrintStream;
import java.util.Set;
import java.util.UUID;

/**
 * {@code tasker step-action TASK_ID STEP reset|resolve|complete --by WHO --reason WHY [--result JSON]}:
 * an operator action on one step (reference §3.11), audited with who and why. {@code reset} puts a step
 * in error back to pending with no attempts used; {@code resolve} marks it resolved by hand, without a
 * result; {@code complete} marks it complete with the {@code --result} its dependents will read.
 */
final class StepActionCommand implements CliCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "step-action";
    }

    @Override
    public String usage() {
        return "step-action TASK_ID STEP reset|resolve|complete --by WHO --reason WHY [--result JSON] "
                + OperatorEngine.TEMPLATES_USAGE;
    }

    @Override
    public String summary() {
        return "reset a failed step, resolve it by hand, or complete it with a result (needs --result)";
    }

    @Override
    public Set<String> flags() {
        return OperatorEngine.optionsWithTemplates("by", "reason", "result");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        if (args.positional().size() != 3) {
            throw new UsageException("name a task id, a step and an action (reset, resolve or complete)");
        }
        UUID id = OperatorEngine.id(args.positional().get(0), "task id");
        String step = args.positional().get(1);
        String action = args.positional().get(2);
        if (!Set.of("reset", "resolve", "complete").contains(action)) {
            throw new UsageException("the action is reset, resolve or complete, not '" + action + "'");
        }
        JsonNode result = result(args, action);
        String by = args.requiredOption("by");
        String reason = args.requiredOption("reason");
        try (OperatorEngine engine = OperatorEngine.openWithTemplates(args)) {
            StepSnapshot before = engine.actionableTask(id).step(step);
            TaskerClient tasker = engine.tasker();
            switch (action) {
                case "reset" -> tasker.resetStep(id, step, by, reason);
                case "resolve" -> tasker.resolveStep(id, step, by, reason);
                default -> tasker.completeStep(id, step, result, by, reason);
            }
            TaskSnapshot after = engine.task(id);
            out.println("step '" + step + "' of task " + id + ": " + before.state().wireName() + " -> "
                    + after.step(step).state().wireName() + " (by " + by + "); the task is "
                    + after.state().wireName());
        }
        return 0;
    }

    private static JsonNode result(Arguments args, String action) {
        String text = args.option("result", null);
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
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new UsageException("--result is empty; give a JSON value such as '{\"ok\": true}'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UsageException("--result is not JSON: " + e.getOriginalMessage());
        }
    }
}
