package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.CursorConfig;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasker visualize --task ID}: what a task planned against what it created. */
class TaskDiagramTest {
    private static final String TEMPLATE = """
            name: routed
            namespace_name: viz
            version: 1.0.0
            steps:
              - {name: start, handler: {callable: ok}}
              - {name: route, type: decision, dependencies: [start], handler: {callable: route}}
              - {name: small, dependencies: [route], handler: {callable: ok}}
              - {name: split, type: batchable, dependencies: [route], handler: {callable: split}}
              - {name: work, type: batch_worker, dependencies: [split], handler: {callable: ok}}
              - {name: gather, type: deferred_convergence, dependencies: [work], handler: {callable: ok}}
            """;

    @TempDir
    Path dir;

    @Test
    void a_task_is_drawn_with_its_chosen_branch_its_workers_and_the_steps_it_never_created() throws Exception {
        Path template = Files.writeString(dir.resolve("routed.yaml"), TEMPLATE);
        String url = "jdbc:h2:file:" + dir.resolve("db");
        UUID id;
        try (Tasker tasker = Tasker.builder()
                .jdbcUrl(url)
                .templates(template)
                .handler("ok", ctx -> StepHandlerResult.success(Map.of()))
                .handler("route", ctx -> StepHandlerResult.decision(List.of("split")))
                .handler("split", ctx -> StepHandlerResult.createBatches("work", CursorConfig.split(4, 2), 4))
                .build()) {
            var h = tasker.submit(TaskRequest.of("viz", "routed", Map.of()));
            assertEquals(TaskState.COMPLETE, h.await(Duration.ofSeconds(30)).state());
            id = h.taskId();
        }
        CliRun run = CliRun.of("visualize", "--task", id.toString(), "--db", url, "--templates", template.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.contains("complete, 6 steps created from 6 template steps"), out);
        assertTrue(
                out.contains("small<br/><i>standard, not created</i>"), "the unchosen branch is drawn as planned only");
        assertTrue(out.contains("work_001<br/><i>complete"), out);
        assertTrue(out.contains("work_002<br/><i>complete"), out);
        assertTrue(out.contains("gather<br/><i>complete"), out);
        assertTrue(out.lines().filter(l -> l.contains("-->")).count() >= 7, "template edges, workers expanded: " + out);
    }
}
