package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged means committed for submitAll and submitAsync too: every acknowledged task survives a SIGKILL. */
class BulkCrashTest {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @Test
    void every_task_acknowledged_by_submit_all_or_submit_async_survives_a_sigkill_and_completes() throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BulkCrashWorker.class.getName(),
                        dir.toString())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> ChildOutput.pump(child, lines));
        Set<UUID> acked = new LinkedHashSet<>();
        try {
            while (acked.size() < ACKS_BEFORE_KILL) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertNotNull(
                        line, () -> "the child stopped talking; stderr: " + ChildOutput.err(dir.resolve("child.err")));
                if (line.startsWith("ACK ")) {
                    acked.add(UUID.fromString(line.substring(4).trim()));
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL while it keeps submitting
            child.waitFor(30, TimeUnit.SECONDS);
        }
        String line;
        while ((line = lines.poll()) != null) { // acknowledged before the kill landed
            if (line.startsWith("ACK ")) {
                acked.add(UUID.fromString(line.substring(4).trim()));
            }
        }
        try (Tasker tasker = BulkCrashWorker.builder(dir).build()) {
            for (UUID id : acked) {
                assertEquals(
                        TaskState.COMPLETE,
                        tasker.handle(id).await(Duration.ofSeconds(60)).state(),
                        "task " + id);
            }
        }
    }
}
