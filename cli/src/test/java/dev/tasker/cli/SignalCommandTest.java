package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.Tasker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasker signal TASK STEP --payload JSON} on a task an application left waiting for a signal. */
class SignalCommandTest {
    private static final String TEMPLATE = """
            name: refund
            namespace_name: cs
            version: 1.0.0
            steps:
              - name: approval
                handler: {callable: waits.for.a.signal}
              - name: pay
                dependencies: [approval]
                handler: {callable: cs.pay}
            extensions:
              signals:
                approval: {timeout: 48h}
            """;

    @TempDir
    Path dir;

    @Test
    void signal_completes_the_waiting_step_and_a_second_one_is_a_duplicate() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("refund.yaml"), TEMPLATE);
        String url = "jdbc:h2:file:" + dir.resolve("db");
        UUID id;
        try (Tasker app = Tasker.builder()
                .jdbcUrl(url)
                .templates(templates)
                .handler("cs.pay", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            id = app.submit(TaskRequest.of("cs", "refund", Map.of())).taskId();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (app.task(id).orElseThrow().step("approval").state() != StepState.IN_PROGRESS) {
                assertTrue(System.nanoTime() < deadline, "the step was not reached");
                Thread.onSpinWait();
            }
        }
        String[] signal = {
            "signal",
            id.toString(),
            "approval",
            "--payload",
            "{\"by\": \"maria\"}",
            "--db",
            url,
            "--templates",
            templates.toString()
        };

        CliRun run = CliRun.of(signal).assertNoStackTrace();
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(
                "signal to step 'approval' of task " + id + ": delivered; the step is complete, the task"
                        + " steps_in_process",
                run.out().strip());
        CliRun again = CliRun.of(signal).assertNoStackTrace();
        assertEquals(3, again.exitCode(), again::toString);
        assertTrue(again.out().contains("duplicate"), again::toString);
    }
}
