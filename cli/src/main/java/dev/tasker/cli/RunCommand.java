package dev.tasker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.spi.CliExtension;
import dev.tasker.cli.spi.HandlerModule;
import dev.tasker.cli.spi.JsonCodec;
import dev.tasker.cli.spi.StepProgress;
import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.template.TaskTemplate;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker run TEMPLATE --input JSON}: runs one task of a template to its end and shows it. The template is
 * found among those on the classpath under {@code tasker/templates} (the examples', and those of any
 * {@code --classpath} jars or folders) and those of {@code --templates}; the engine gets that template only, so
 * another template that is broken or whose handlers are absent does not stand in the way. The handlers are those
 * the {@link HandlerModule}s on the classpath (the application's, through {@code --classpath}) and the
 * {@link CliExtension}s (the examples') register, and any class a callable names, found on the classpath.
 */
@Command(
        name = "run",
        customSynopsis = "tasker run TEMPLATE --input JSON|@FILE [--db URL] [--templates PATH] "
                + "[--classpath PATHS] [--timeout S]",
        description = "run a template (namespace/name[/version], or its name) to its end, showing each step")
final class RunCommand extends CliCommand {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    @Parameters(
            paramLabel = "TEMPLATE",
            arity = "0..*",
            description = "namespace/name[/version], or a name only one namespace has")
    List<String> names = List.of();

    @Option(names = "--input", paramLabel = "JSON|@FILE", description = "the task input: a JSON object, or @FILE")
    String inputOption;

    @Option(
            names = "--db",
            paramLabel = "URL",
            description = "the database, made if missing (default: the engine's, ~/.tasker/db/tasker unless "
                    + "tasker.db.path / TASKER_DB_PATH or tasker.jdbc.url / TASKER_JDBC_URL say otherwise)")
    String db;

    @Option(names = "--templates", paramLabel = "PATH", description = "more templates: a file or folder")
    String templatesOption;

    @Option(
            names = "--classpath",
            paramLabel = "PATHS",
            description =
                    "jars and folders with the application's templates (under tasker/templates) and handlers (its "
                            + "HandlerModule services, and classes callables name), separated by the system's path "
                            + "separator")
    String classpathOption;

    @Option(names = "--timeout", paramLabel = "S", description = "seconds to wait for the end (default: 300)")
    String timeoutOption;

    private final List<CliExtension> extensions;

    RunCommand(Terminal terminal, List<CliExtension> extensions) {
        super(terminal);
        this.extensions = List.copyOf(extensions);
    }

    @Override
    public Integer call() {
        if (names.size() != 1) {
            throw new UsageException("name one template: namespace/name[/version], or a name only one namespace has");
        }
        JsonNode input = input(inputOption);
        Duration timeout = timeout(timeoutOption);
        ClassLoader loader = classLoader(classpathOption);
        RunnableTemplates templates = RunnableTemplates.load(loader, templatesOption);
        TaskTemplate template = templates.resolve(names.get(0));
        templates.warnings(template).forEach(w -> out.println("Warning: " + w));

        String correlation = "cli-" + UUID.randomUUID();
        int width =
                template.steps().stream().mapToInt(s -> s.name().length()).max().orElse(10);
        StepProgress progress = new StepProgress(out, correlation, width);
        TaskerBuilder builder = Tasker.builder().classLoader(loader).decorateHandlers(progress::wrap);
        builder.template(template);
        extensions.forEach(e -> e.registerHandlers(builder));
        ServiceLoader.load(HandlerModule.class, loader).forEach(m -> m.register(builder));
        if (db != null) {
            builder.jdbcUrl(db);
        }
        try (Tasker tasker = builder.build()) {
            out.println("Running " + template.key() + " (" + template.source() + ")");
            TaskHandle handle = tasker.submit(TaskRequest.of(template.namespace(), template.name(), input)
                    .withVersion(template.version())
                    .withCorrelation(correlation, null));
            if (handle.isDuplicate()) {
                out.println("This input already made task " + handle.taskId() + " (identity is strict: the same"
                        + " template and input are the same task); showing it");
            } else {
                out.println("Task " + handle.taskId() + " submitted");
            }
            TaskSnapshot done = handle.await(timeout);
            progress.summary(done);
            printResults(template, done);
            return done.isComplete() ? 0 : 1;
        }
    }

    private static JsonNode input(String text) {
        if (text == null) {
            throw new UsageException("--input is required: the task input as a JSON object, or @FILE");
        }
        String json = text;
        if (text.startsWith("@")) {
            try {
                json = Files.readString(Path.of(text.substring(1)));
            } catch (IOException e) {
                throw new UsageException("cannot read " + text.substring(1) + ": " + e.getMessage());
            }
        }
        try {
            JsonNode node = JsonCodec.mapper().readTree(json);
            if (node == null || !node.isObject()) {
                throw new UsageException("--input must be a JSON object, e.g. '{\"id\": 1}'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UsageException("--input is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Duration timeout(String seconds) {
        if (seconds == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long s = Long.parseLong(seconds);
            if (s > 0) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--timeout takes a number of seconds above 0, not '" + seconds + "'");
    }

    /** The command line's class loader, with the {@code --classpath} jars and folders added. */
    private static ClassLoader classLoader(String classpath) {
        ClassLoader base = RunCommand.class.getClassLoader();
        if (classpath == null) {
            return base;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw new UsageException("--classpath: no such file or folder: " + entry);
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UsageException("--classpath: " + entry + ": " + e.getMessage());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), base);
    }

    /** The result of each step the workflow ends with (those no other step depends on). */
    private void printResults(TaskTemplate template, TaskSnapshot done) {
        for (StepSnapshot s : done.steps()) {
            boolean last = template.step(s.templateStepName())
                    .map(d -> template.graph().children(d.name()).isEmpty())
                    .orElse(false);
            if (last && s.result() != null) {
                out.println("Result of " + s.name() + ":");
                Arrays.stream(s.result().toPrettyString().split("\\R")).forEach(l -> out.println("  " + l));
            }
        }
    }
}
