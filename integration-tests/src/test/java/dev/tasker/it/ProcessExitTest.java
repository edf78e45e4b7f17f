package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler that calls System.exit ends its engine's process; the restart records why the attempt ended. */
class ProcessExitTest {
    @TempDir
    Path dir;

    @Test
    void an_attempt_ended_by_system_exit_is_recorded_on_recovery_and_stays_recorded() throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ExitWorker.class.getName(),
                        dir.toString())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        UUID id;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("SUBMITTED "));
            assertTrue(line != null, "the child printed no task id");
            id = UUID.fromString(line.substring("SUBMITTED ".length()));
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
        assertEquals(3, child.exitValue(), "the handler's System.exit ended the child");

        String expected = "attempt 1 was found in progress with no engine running it (the engine that started it"
                + " stopped before recording its outcome); no attempts left";
        try (Tasker recovered = ExitWorker.builder(dir)
                .handler("exiter", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            TaskSnapshot s = recovered.handle(id).await(Duration.ofSeconds(30));
            assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
            assertEquals(StepState.ERROR, s.step("work").state());
            assertTrue(
                    s.step("work").error().get("message").asText().startsWith(expected),
                    s.step("work").toString());
        }
        try (Tasker again = ExitWorker.builder(dir)
                .handler("exiter", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            TaskSnapshot s = again.task(id).orElseThrow();
            assertTrue(
                    s.step("work").error() != null
                            && s.step("work").error().get("message").asText().startsWith(expected),
                    "the error is stored, not only held in memory: " + s.step("work"));
        }
    }
}
