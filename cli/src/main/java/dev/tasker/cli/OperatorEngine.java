package dev.tasker.cli;

import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.TaskerClient;
import dev.tasker.engine.TaskerException;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The engine the operations commands work through, opened the same way for all of them: a
 * {@link TaskerClient} (it applies operator actions, cancels and DLQ resolutions, never runs a
 * step, needs no handlers) on the application's database. {@code --db} names the database (default: the
 * engine's default, {@link TaskerBuilder#defaultJdbcUrl()}); commands that act on a task also load the
 * templates of {@code --templates} (files or folders, repeatable or comma-separated) and the bundled
 * {@value #BUNDLED_TEMPLATES}, because acting on a task needs its template.
 *
 * <p>It never creates or migrates anything: an H2 URL opens only an existing file ({@code IFEXISTS=TRUE}), and
 * the store is opened with {@link TaskerBuilder#migrateSchema migrateSchema(false)}, so a database without the
 * Tasker schema (an empty PostgreSQL database, the wrong one) is refused with "no Tasker schema at ..." and left
 * as it was.
 */
final class OperatorEngine implements AutoCloseable {
    static final String BUNDLED_TEMPLATES = "tasker/templates";

    private final TaskerClient tasker;
    private final String url;

    private OperatorEngine(TaskerClient tasker, String url) {
        this.tasker = tasker;
        this.url = url;
    }

    /** Opens the database for reading; no templates are loaded. */
    static OperatorEngine open(String db) {
        return open(db, List.<TaskTemplate>of());
    }

    /** Opens the database with the templates, to act on tasks. */
    static OperatorEngine openWithTemplates(String db, List<String> templates) {
        return open(db, templates(templates));
    }

    private static OperatorEngine open(String db, List<TaskTemplate> templates) {
        String url = db == null ? TaskerBuilder.defaultJdbcUrl() : db;
        Optional<H2File> file = H2File.of(url);
        // One connection for the caller, one for the engine's writer: a command line needs no more.
        TaskerBuilder builder = Tasker.builder()
                .poolSize(3)
                .migrateSchema(false)
                .jdbcUrl(file.map(H2File::existingOnlyUrl).orElse(url));
        templates.forEach(builder::template);
        try {
            return new OperatorEngine(builder.buildClient(), url);
        } catch (StoreException e) {
            throw file.map(f -> explained(f, e, db == null)).orElse(e);
        }
    }

    private static TaskerException explained(H2File file, StoreException e, boolean byDefault) {
        if (H2File.inUse(e)) {
            return new TaskerException(
                    "the H2 database " + file.location() + " is locked by another process, "
                            + "most likely the running application. These commands work on an H2 file while the "
                            + "application is stopped, or when the application and the command line both open it in "
                            + "server mode, e.g. --db '" + file.serverModeUrl() + "' (the same URL in the application)",
                    e);
        }
        if (H2File.missing(e)) {
            return new TaskerException(
                    "no Tasker schema at " + file.location() + ": there is no file " + file.location() + ".mv.db"
                            + (byDefault
                                    ? " (the default database; name the application's with --db JDBC_URL, or set "
                                            + TaskerBuilder.DB_PATH_ENV + " to its folder)"
                                    : "; nothing was created"),
                    e);
        }
        return e;
    }

    /** The user's templates, then the bundled ones the user's do not replace (same namespace/name/version). */
    private static List<TaskTemplate> templates(List<String> given) {
        List<Path> paths = new ArrayList<>();
        for (String value : given) {
            for (String part : value.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                Path path = Path.of(part.strip());
                if (!Files.exists(path)) {
                    throw new UsageException("--templates: no such file or folder: " + path);
                }
                paths.add(path);
            }
        }
        TemplateLoader loader = TemplateLoader.defaults();
        List<TaskTemplate> all = new ArrayList<>();
        if (!paths.isEmpty()) {
            all.addAll(loader.loadPaths(paths.toArray(Path[]::new)));
        }
        Set<String> loaded = new HashSet<>(all.stream().map(TaskTemplate::key).toList());
        loader.loadClasspath(BUNDLED_TEMPLATES, OperatorEngine.class.getClassLoader()).stream()
                .filter(t -> !loaded.contains(t.key()))
                .forEach(all::add);
        return all;
    }

    /** A task or template id from the command line; a usage error when it is not a UUID. */
    static UUID id(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + text + "' is not a " + what + " (a UUID)");
        }
    }

    TaskerClient tasker() {
        return tasker;
    }

    /** The stored task; an error naming the database when there is none. */
    TaskSnapshot task(UUID taskId) {
        return tasker.task(taskId).orElseThrow(() -> new TaskerException("no task " + taskId + " in " + url));
    }

    /** The stored task, checked to be one this engine can act on: its template is loaded. */
    TaskSnapshot actionableTask(UUID taskId) {
        TaskSnapshot task = task(taskId);
        if (tasker.templates()
                .find(task.namespace(), task.name(), task.version())
                .isEmpty()) {
            throw new TaskerException("task " + taskId + " was made from template " + task.namespace() + "/"
                    + task.name() + "/" + task.version() + ", which is not loaded: name the application's "
                    + "templates with --templates PATH (loaded: "
                    + tasker.templates().all().stream()
                            .map(TaskTemplate::key)
                            .sorted()
                            .toList() + ")");
        }
        return task;
    }

    /** The database, as the user named it (or the default). */
    String url() {
        return url;
    }

    @Override
    public void close() {
        tasker.close();
    }
}
