package dev.tasker.persistence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.store.StoreConfig;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.WorkflowStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An H2 file database shared with a second JVM: what a kill -9 keeps, and what a locked file says. */
class H2FileStoreTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path directory;
    private Process child;
    private final List<String> childLines = new CopyOnWriteArrayList<>();
    private Thread reader;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void every_commit_acknowledged_before_a_sigkill_is_in_the_file() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("tasker");
        startChild("commit", url, "1000000");
        await().atMost(PATIENCE).until(() -> childLines.size() >= 200);

        child.destroyForcibly();
        assertTrue(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the child did not die");
        assertEquals(137, child.exitValue(), "expected death by SIGKILL (128 + 9)");
        reader.join(PATIENCE.toMillis());
        // Lines still in the pipe after the kill were printed after their commit too.
        List<Integer> acknowledged = childLines.stream().map(Integer::parseInt).toList();
        assertTrue(acknowledged.size() >= 200, childLines.size() + " lines");

        try (WorkflowStore store = open(url)) {
            List<Integer> lost = acknowledged.stream()
                    .filter(i -> store.findTask(StoreChildProcess.taskOf(i)).isEmpty()).toList();
            assertEquals(List.of(), lost, "acknowledged commits missing after kill -9 of " + acknowledged.size());
        }
    }

    @Test
    void a_file_held_by_another_process_is_reported_as_in_use_with_its_name() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("held");
        startChild("hold", url);
        await().atMost(PATIENCE).until(() -> childLines.contains("ready"));

        StoreException e = assertThrows(StoreException.class, () -> open(url));

        String file = directory.resolve("held.mv.db").toAbsolutePath().toString();
        assertTrue(e.getMessage().contains("the H2 database file " + file + " is in use by another process"),
                e.getMessage());
        child.getOutputStream().close();
        assertTrue(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());
        try (WorkflowStore store = open(url)) {
            assertEquals(List.of(), store.unfinishedTaskIds());
        }
    }

    private static WorkflowStore open(String url) {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 2, null));
    }

    private void startChild(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreChildProcess.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(directory, "child", ".log");
        child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(childLines::add);
            } catch (IOException | UncheckedIOException e) {
                // The child was killed while we read: what was read stays in childLines.
            }
        });
    }
}
