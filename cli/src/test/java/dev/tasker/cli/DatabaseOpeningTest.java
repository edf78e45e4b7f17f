package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the operations commands open the application's database, and what they say when they cannot. */
class DatabaseOpeningTest {
    @TempDir
    Path dir;

    @Test
    void a_database_file_held_by_another_process_is_reported_as_locked_with_what_to_do() throws Exception {
        ApplicationDatabase db = new ApplicationDatabase(dir);
        UUID id = db.runTask(1);
        Process application = holdOpen(db.url());
        try {
            CliRun run = db.cli("task", id.toString());

            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("", run.out());
            String message = run.err().strip();
            assertEquals(1, message.lines().count(), "one message:\n" + run);
            assertTrue(
                    message.startsWith("tasker task: the H2 database " + dir.resolve("db")
                            + " is locked by another process, most likely the running application."),
                    message);
            assertTrue(message.contains("while the application is stopped"), message);
            assertTrue(message.contains("--db '" + db.url() + ";AUTO_SERVER=TRUE'"), message);
        } finally {
            release(application);
        }
    }

    @Test
    void a_database_that_does_not_exist_is_reported_and_not_created() {
        Path missing = dir.resolve("nothing-here");

        CliRun run = CliRun.of("tasks", "--db", "jdbc:h2:file:" + missing).assertNoStackTrace();

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(
                "tasker tasks: no Tasker schema at " + missing + ": there is no file " + missing
                        + ".mv.db; nothing was created",
                run.err().strip());
        assertFalse(Files.exists(Path.of(missing + ".mv.db")), "a read created an empty database");
    }

    @Test
    void an_application_and_the_command_line_share_a_file_in_server_mode() throws Exception {
        ApplicationDatabase db = new ApplicationDatabase(dir);
        UUID id = db.runTask(1);
        String shared = db.url() + ";AUTO_SERVER=TRUE";
        Process application = holdOpen(shared);
        try {
            CliRun run = CliRun.of("tasks", "--db", shared).assertNoStackTrace();

            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(1, run.linesContaining(id.toString()).size(), run::toString);
        } finally {
            release(application);
        }
    }

    /** Starts another JVM that holds the database open, and waits until it has. */
    private static Process holdOpen(String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HoldDatabase.class.getName(),
                        url)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return lines.readLine();
            } catch (IOException e) {
                return e.toString();
            }
        });
        try {
            assertEquals("ready", ready.get(30, TimeUnit.SECONDS), "the holding process did not start");
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError("the holding process did not start", e);
        }
        return p;
    }

    /** Closes the holding process's input, so it lets the database go and ends. */
    private static void release(Process p) throws IOException, InterruptedException {
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
