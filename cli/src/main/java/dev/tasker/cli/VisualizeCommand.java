package dev.tasker.cli;

import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

/** {@code tasker visualize FILE [--format mermaid|dot] [--env NAME]}: draws a template's DAG. */
final class VisualizeCommand implements CliCommand {

    @Override
    public String name() {
        return "visualize";
    }

    @Override
    public String usage() {
        return "visualize FILE [--format mermaid|dot] [--env NAME] | visualize --task ID " + OperatorEngine.TEMPLATES_USAGE;
    }

    @Override
    public String summary() {
        return "draw a template's DAG (step types, decision branches, deferred steps)";
    }

    @Override
    public Set<String> flags() {
        return OperatorEngine.optionsWithTemplates("format", "env", "task");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        String taskId = args.option("task", null);
        if (taskId != null) {
            return drawTask(OperatorEngine.id(taskId, "task id"), args, out);
        }
        if (args.positional().size() != 1) {
            throw new UsageException("name exactly one template file");
        }
        Path file = Path.of(args.positional().get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such file: " + file);
        }
        String format = args.option("format", "mermaid");
        Function<TaskTemplate, String> draw = switch (format) {
            case "mermaid" -> TemplateDiagram::mermaid;
            case "dot" -> TemplateDiagram::dot;
            default -> throw new UsageException("unknown format '" + format + "'; use mermaid or dot");
        };
        String env = args.option("env", null);
        for (TaskTemplate t : TemplateLoader.defaults().loadFile(file)) {
            out.print(draw.apply(env == null ? t : t.resolveFor(env)));
        }
        return 0;
    }

    /** A task's plan against what ran: its template's steps, the ones created (with state) and those never created. */
    private static int drawTask(java.util.UUID id, Arguments args, PrintStream out) {
        try (OperatorEngine engine = OperatorEngine.openWithTemplates(args)) {
            dev.tasker.engine.TaskSnapshot task = engine.actionableTask(id);
            TaskTemplate template = engine.tasker().templates().find(task.namespace(), task.name(), task.version())
                    .orElseThrow();
            out.print(TaskDiagram.mermaid(template, task));
        }
        return 0;
    }
}
