package dev.tasker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash matrix's checker finds each kind of violation it counts: a clean run of the mix gives all
 * counts 0, and each fabricated violation (in the side log or the store) raises its own count by one.
 */
class CrashCheckTest {
    @TempDir
    Path dir;

    @Test
    void a_clean_run_counts_nothing_and_each_kind_of_violation_is_counted() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tasker").toAbsolutePath();
        List<UUID> tasks = new ArrayList<>();
        try (SideLog log = new SideLog(dir.resolve("side-00001-test.log"));
                Tasker tasker = CrashWorkflows.register(
                                Tasker.builder().jdbcUrl(url).backoffJitter(0),
                                inner -> CrashChild.logged(inner, log),
                                0)
                        .build()) {
            for (String workflow : CrashWorkflows.NAMES) {
                TaskHandle h = tasker.submit(TaskRequest.of(CrashWorkflows.NAMESPACE, workflow, Map.of("n", 7)));
                log.append("SUBMIT " + h.taskId());
                tasks.add(h.taskId());
            }
            for (UUID id : tasks) {
                TaskSnapshot s = tasker.handle(id).await(Duration.ofSeconds(30));
                assertEquals(TaskState.COMPLETE, s.state(), () -> s.name() + ": " + s.steps());
            }
        }
        try (WorkflowStore store = open(url)) {
            CrashCheck.Result clean = CrashCheck.check(dir, store);
            assertTrue(clean.clean(), clean::toString);
            assertEquals(4, clean.acknowledged());
            assertEquals(4, clean.stored());
            // linear 4, diamond 4, retrying 1 + 3 (flaky fails twice first) + 1, batch 1 + 3 workers for n = 7 + 1
            assertEquals(4 + 4 + (1 + 3 + 1) + (1 + 3 + 1), clean.runs());
            assertEquals(0, clean.runsAfterKill());

            UUID linear = tasks.get(0);
            StoredTask stored = store.loadTasks(List.of(linear)).get(0);
            StepRow s1 = stored.steps().stream()
                    .filter(s -> s.name().equals("s1"))
                    .findFirst()
                    .orElseThrow();
            Instant now = Instant.now();
            // Violations written by "another engine": a line cut by a kill (no newline) is not one of them.
            Files.writeString(
                    dir.resolve("side-00002-test.log"),
                    "SUBMIT " + UUID.randomUUID() + "\n" // lost task
                            + "RUN " + linear + " s1 1\n" // s1's attempt 1 ran twice: a reused attempt number
                            + "RUN " + linear + " s1",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW);
            store.apply(new WriteBatch()
                    // the linear task's s1 completed a second time (attempt 2 after attempt 1): a completed step rerun
                    .stepTransition(new StepTransitionRow(
                            linear,
                            s1.stepId(),
                            "s1",
                            StepState.IN_PROGRESS,
                            StepState.COMPLETE,
                            now,
                            2,
                            "test",
                            null,
                            "fabricated",
                            null))
                    // a task still running: never finished
                    .insertTask(task("linear", "{\"n\": 1}", TaskState.STEPS_IN_PROCESS, now))
                    // a complete linear task with no result for s4: a wrong result
                    .insertTask(task("linear", "{\"n\": 2}", TaskState.COMPLETE, now)));
            CrashCheck.Result broken = CrashCheck.check(dir, store);
            assertFalse(broken.clean());
            assertEquals(1, broken.lostTasks(), broken::toString);
            assertEquals(1, broken.lostClaims(), broken::toString);
            assertEquals(1, broken.completedRerun(), broken::toString);
            assertEquals(1, broken.unfinished(), broken::toString);
            assertEquals(Map.of("steps_in_process", 1), broken.unfinishedByState());
            assertEquals(1, broken.wrongResults(), broken::toString);
        }
    }

    @Test
    void a_run_of_an_attempt_the_store_never_counted_is_a_lost_claim() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tasker").toAbsolutePath();
        UUID id;
        try (SideLog log = new SideLog(dir.resolve("side-00001-test.log"));
                Tasker tasker = CrashWorkflows.register(
                                Tasker.builder().jdbcUrl(url), inner -> CrashChild.logged(inner, log), 0)
                        .build()) {
            id = tasker.submit(TaskRequest.of(CrashWorkflows.NAMESPACE, "linear", Map.of("n", 3)))
                    .taskId();
            assertEquals(
                    TaskState.COMPLETE,
                    tasker.handle(id).await(Duration.ofSeconds(30)).state());
        }
        // As if the claim of s4's attempt 2 had run and then been forgotten by the store.
        Files.writeString(
                dir.resolve("side-00002-test.log"),
                "RUN " + id + " s4 2\n" + "RUN " + id + " nowhere 1\n" + "RUN " + UUID.randomUUID() + " s1 1\n",
                StandardCharsets.UTF_8);
        try (WorkflowStore store = open(url)) {
            CrashCheck.Result r = CrashCheck.check(dir, store);
            assertEquals(3, r.lostClaims(), r::toString);
            // s4 completed on attempt 1 and the log says attempt 2 ran: also a completed step rerun
            assertEquals(1, r.completedRerun(), r::toString);
        }
    }

    private static TaskRow task(String name, String context, TaskState state, Instant now) {
        UUID id = UUID.randomUUID();
        return new TaskRow(
                id,
                CrashWorkflows.NAMESPACE,
                name,
                "1.0.0",
                context,
                null,
                0,
                id.toString(),
                null,
                null,
                null,
                null,
                null,
                state,
                now,
                now,
                state == TaskState.COMPLETE ? now : null,
                null);
    }

    private static WorkflowStore open(String url) {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 2, null));
    }
}
