package dev.tasker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.spi.JsonCodec;
import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.SignalResult;
import dev.tasker.engine.TaskSnapshot;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker signal TASK_ID STEP --payload JSON}: sends a signal to a step that waits for one (template
 * {@code extensions.signals}); the step completes with the payload now, or when it is reached.
 */
@Command(
        name = "signal",
        customSynopsis = "tasker signal TASK_ID STEP [--payload JSON] [--templates PATH]... [--db JDBC_URL]",
        description = "send a signal to a step that waits for one; it completes with the payload")
final class SignalCommand extends CliCommand {
    @Parameters(paramLabel = "TASK_ID STEP", arity = "0..*", description = "the task's id and the step's name")
    List<String> words = List.of();

    @Option(names = "--payload", paramLabel = "JSON", description = "the step's result (default: {})")
    String payloadOption;

    @Mixin
    TemplatesOption templates = new TemplatesOption();

    @Mixin
    DatabaseOption db = new DatabaseOption();

    SignalCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (words.size() != 2) {
            throw new UsageException("name a task id and a step");
        }
        UUID id = OperatorEngine.id(words.get(0), "task id");
        String step = words.get(1);
        JsonNode payload = payload(payloadOption);
        try (OperatorEngine engine = OperatorEngine.openWithTemplates(db.url, templates.paths)) {
            SignalResult result = engine.tasker().signal(id, step, payload);
            TaskSnapshot after = engine.task(id);
            out.println("signal to step '" + step + "' of task " + id + ": " + describe(result) + "; the step is "
                    + after.step(step).state().wireName() + ", the task "
                    + after.state().wireName());
            return result == SignalResult.DUPLICATE || result == SignalResult.STEP_FINISHED ? 3 : 0;
        }
    }

    private static String describe(SignalResult result) {
        return switch (result) {
            case DELIVERED -> "delivered";
            case STORED_UNTIL_REACHED -> "stored until the step is reached";
            case DUPLICATE -> "duplicate (the step already has a signal; nothing changed)";
            case STEP_FINISHED -> "dropped (the step finished without one)";
        };
    }

    private static JsonNode payload(String text) {
        if (text == null) {
            return JsonCodec.mapper().createObjectNode();
        }
        try {
            JsonNode node = JsonCodec.mapper().readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new UsageException("--payload is empty; give a JSON value such as '{\"approved\": true}'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UsageException("--payload is not JSON: " + e.getOriginalMessage());
        }
    }
}
