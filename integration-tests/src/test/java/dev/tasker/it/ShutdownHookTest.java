package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that exits without {@code close()} while a step runs (in a child JVM): the engine's shutdown
 * hook lets the step finish and record its outcome, closes the database cleanly, and says so without a warning;
 * the next start resumes the task where it stood. The database is the default one, which does not follow the
 * working directory.
 */
class ShutdownHookTest {
    private static final Pattern SCARY = Pattern.compile(" (WARN|ERROR) |Exception|already closed");

    @TempDir
    Path dir;

    @Test
    void the_hook_drains_the_running_step_and_the_next_start_finishes_the_task() throws Exception {
        Path db = dir.resolve("db");
        Child child = run(List.of("-Dtasker.db.path=" + db), "hook");

        assertEquals(0, child.exit, child.err);
        assertTrue(
                child.err.contains("Tasker database: jdbc:h2:file:" + db.resolve("tasker")
                        + " (no jdbcUrl or dataSource given; from system property tasker.db.path)"),
                child.err);
        assertTrue(child.err.contains("JVM exiting: closing Tasker engine"), child.err);
        assertTrue(child.err.contains("Tasker engine node-") && child.err.contains(" closed"), child.err);
        assertFalse(SCARY.matcher(child.err).find(), "no warning or error at exit:\n" + child.err);
        assertFalse(Files.exists(child.workDir.resolve(".tasker")), "nothing in the working directory");

        AtomicInteger aAgain = new AtomicInteger();
        try (Tasker next = restart(db.resolve("tasker"), aAgain)) {
            TaskSnapshot done = next.handle(child.task).await(Duration.ofSeconds(30));
            assertEquals(TaskState.COMPLETE, done.state(), done.toString());
            assertEquals(1, done.step("a").attempts(), "step a finished during the exit: not run again");
            assertEquals(true, done.step("a").result().get("done").asBoolean());
            assertEquals(0, aAgain.get());
            assertEquals(1, done.step("b").attempts());
        }
    }

    @Test
    void without_the_hook_the_step_is_cut_off_and_runs_again() throws Exception {
        Path db = dir.resolve("db");
        Child child = run(List.of("-Dtasker.db.path=" + db), "nohook");
        assertEquals(0, child.exit, child.err);
        assertFalse(child.err.contains("JVM exiting"), child.err);

        AtomicInteger aAgain = new AtomicInteger();
        try (Tasker next = restart(db.resolve("tasker"), aAgain)) {
            TaskSnapshot done = next.handle(child.task).await(Duration.ofSeconds(30));
            assertEquals(TaskState.COMPLETE, done.state(), done.toString());
            assertEquals(2, done.step("a").attempts(), "the cut-off attempt counts, and a ran again");
            assertEquals(1, aAgain.get());
        }
    }

    @Test
    void with_nothing_configured_the_database_is_in_the_users_home_not_the_working_directory() throws Exception {
        Path home = dir.resolve("home");
        Child child = run(List.of("-Duser.home=" + home), "hook");

        assertEquals(0, child.exit, child.err);
        Path file = home.resolve(".tasker/db/tasker.mv.db");
        assertTrue(Files.exists(file), child.err);
        assertTrue(
                child.err.contains("Tasker database: jdbc:h2:file:" + home.resolve(".tasker/db/tasker")
                        + " (no jdbcUrl or dataSource given; from the default location"),
                child.err);
        assertFalse(Files.exists(child.workDir.resolve(".tasker")));
    }

    private static Tasker restart(Path database, AtomicInteger aAgain) {
        return Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + database)
                .shutdownHook(false)
                .templateYaml(ExitWithoutCloseWorker.TEMPLATE, "exit_demo.yaml")
                .handler("a", ctx -> {
                    aAgain.incrementAndGet();
                    return StepHandlerResult.success(Map.of("done", true));
                })
                .handler("b", ctx -> StepHandlerResult.success(Map.of()))
                .build();
    }

    private record Child(int exit, UUID task, String err, Path workDir) {}

    private Child run(List<String> properties, String mode) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("work-" + mode));
        Path err = dir.resolve("child-" + mode + ".err");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(properties);
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), ExitWithoutCloseWorker.class.getName(), mode));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(work.toFile()).redirectError(err.toFile());
        builder.environment().remove("TASKER_DB_PATH");
        builder.environment().remove("TASKER_JDBC_URL");
        Process p = builder.start();
        UUID task = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("SUBMITTED ")) {
                    task = UUID.fromString(line.substring("SUBMITTED ".length()));
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not exit: " + Files.readString(err));
        }
        assertTrue(task != null, "the child printed no task id: " + Files.readString(err));
        return new Child(p.exitValue(), task, Files.readString(err), work);
    }
}
