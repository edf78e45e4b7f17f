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
        return "visualize FILE [--format mermaid|dot] [--env NAME]";
    }

    @Override
    public String summary() {
        return "draw a template's DAG (step types, decision branches, deferred steps)";
    }

    @Override
    public Set<String> flags() {
        return Set.of("format", "env");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
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
}
