package dev.tasker.cli;

import dev.tasker.cli.spi.TemplateDiagram;
import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tasker visualize FILE [--format mermaid|dot] [--env NAME]}: draws a template's DAG. */
@Command(
        name = "visualize",
        customSynopsis = "tasker visualize FILE [--format mermaid|dot] [--env NAME] | "
                + "visualize --task ID [--templates PATH]... [--db JDBC_URL]",
        description = "draw a template's DAG (step types, decision branches, deferred steps)")
final class VisualizeCommand extends CliCommand {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "the template file")
    List<String> files = List.of();

    @Option(names = "--format", paramLabel = "mermaid|dot", description = "the diagram's language (default: mermaid)")
    String format = "mermaid";

    @Option(names = "--env", paramLabel = "NAME", description = "draw the template as resolved for this environment")
    String env;

    @Option(names = "--task", paramLabel = "ID", description = "draw a stored task's plan against what ran")
    String taskId;

    @Mixin
    DatabaseOption db = new DatabaseOption();

    @Mixin
    TemplatesOption templates = new TemplatesOption();

    VisualizeCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (taskId != null) {
            return drawTask(OperatorEngine.id(taskId, "task id"));
        }
        if (files.size() != 1) {
            throw new UsageException("name exactly one template file");
        }
        Path file = Path.of(files.get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such file: " + file);
        }
        Function<TaskTemplate, String> draw = switch (format) {
            case "mermaid" -> TemplateDiagram::mermaid;
            case "dot" -> TemplateDiagram::dot;
            default -> throw new UsageException("unknown format '" + format + "'; use mermaid or dot");
        };
        for (TaskTemplate t : TemplateLoader.defaults().loadFile(file)) {
            out.print(draw.apply(env == null ? t : t.resolveFor(env)));
        }
        return 0;
    }

    /** A task's plan against what ran: its template's steps, the ones created (with state) and those never created. */
    private int drawTask(java.util.UUID id) {
        try (OperatorEngine engine = OperatorEngine.openWithTemplates(db.url, templates.paths)) {
            dev.tasker.engine.TaskSnapshot task = engine.actionableTask(id);
            TaskTemplate template = engine.tasker()
                    .templates()
                    .find(task.namespace(), task.name(), task.version())
                    .orElseThrow();
            out.print(TaskDiagram.mermaid(template, task));
        }
        return 0;
    }
}
