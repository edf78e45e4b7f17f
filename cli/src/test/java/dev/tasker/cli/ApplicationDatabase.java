package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.PermanentError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database an application left behind: tasks run by a real engine on an H2 file, which is then
 * closed (as the application is stopped) for the command line to open. The template
 * {@code ops/payment/1.0.0} is {@code validate -> charge -> receipt}; the steps named in
 * {@link #failing} fail permanently.
 */
final class ApplicationDatabase {
    static final String TEMPLATE = """
            name: payment
            namespace_name: ops
            version: 1.0.0
            steps:
              - {name: validate, handler: {callable: ops.step}}
              - {name: charge, handler: {callable: ops.step}, dependencies: [validate], retry: {max_attempts: 2}}
              - {name: receipt, handler: {callable: ops.step}, dependencies: [charge]}
            """;
    static final Duration AWAIT = Duration.ofSeconds(30);

    /** Steps that fail permanently ("card declined") when the application runs them. */
    final Set<String> failing = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path templateFile;

    ApplicationDatabase(Path dir) {
        this.dir = dir;
        this.templateFile = dir.resolve("templates").resolve("payment.yaml");
        try {
            Files.createDirectories(templateFile.getParent());
            Files.writeString(templateFile, TEMPLATE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "jdbc:h2:file:" + dir.resolve("db");
    }

    /** The folder holding the template, as the application loads it. */
    Path templates() {
        return templateFile.getParent();
    }

    /** Runs a task of {@code ops/payment} until it settles (complete, or blocked by a failure); returns its id. */
    UUID runTask(int order) {
        return runTask(Map.of("order", order));
    }

    /** Runs a task with this context until it settles; returns its id. */
    UUID runTask(Map<String, Object> context) {
        try (Tasker app = application()) {
            return app.submit(TaskRequest.of("ops", "payment", context))
                    .await(AWAIT)
                    .taskId();
        }
    }

    /** Runs a task with {@code charge} failing: it ends blocked by failures. */
    UUID blockedTask(int order) {
        failing.add("charge");
        UUID id = runTask(order);
        failing.remove("charge");
        return id;
    }

    /** Starts the application again (it resumes unfinished tasks), waits for this task to settle, stops it. */
    TaskSnapshot restartUntilSettled(UUID taskId) {
        try (Tasker app = application()) {
            return app.handle(taskId).await(AWAIT);
        }
    }

    private Tasker application() {
        return Tasker.builder()
                .jdbcUrl(url())
                .templates(templateFile)
                .handler("ops.step", ctx -> {
                    if (failing.contains(ctx.stepName())) {
                        throw new PermanentError(
                                ctx.stepName() + ": card declined",
                                new java.io.IOException("the gateway answered 402"));
                    }
                    var charge = ctx.getDependencyResult("charge");
                    return StepHandlerResult.success(Map.of(
                            "step",
                            ctx.stepName(),
                            "charged",
                            charge == null ? "" : charge.path("amount").asText()));
                })
                .build();
    }

    /** The command line with {@code --db} this database. */
    CliRun cli(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--db");
        all.add(url());
        return CliRun.of(all.toArray(String[]::new)).assertNoStackTrace();
    }

    /** The command line acting on tasks: {@code --db} and {@code --templates} this database's. */
    CliRun act(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--templates");
        all.add(templates().toString());
        return cli(all.toArray(String[]::new));
    }

    /** The cells of the row of {@code task ID}'s step table for this step: name, state, attempts, ... */
    static List<String> stepRow(CliRun task, String step) {
        List<String> rows =
                task.outLines().stream().filter(l -> l.startsWith(step + " ")).toList();
        assertEquals(1, rows.size(), () -> "one row for step " + step + " in\n" + task);
        return List.of(rows.getFirst().trim().split("\\s{2,}"));
    }
}
