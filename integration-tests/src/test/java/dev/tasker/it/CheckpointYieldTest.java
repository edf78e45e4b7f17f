package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference §4.4 and §8.4 D3 (SPEC §4 checkpoint-yield) on {@code python/checkpoint_yield_test.yaml}: a
 * worker that yields is re-invoked in the same attempt from its saved checkpoint; a retry, and an engine
 * restarted after a SIGKILL, resume from the last checkpoint, and the total stays exact.
 */
class CheckpointYieldTest {
    private static final long SUM_1_TO_100 = 5050;

    private final ManualClock clock = new ManualClock();
    /** "attempt start_cursor" of each worker invocation. */
    private final List<String> invocations = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private Tasker engine() {
        return CheckpointHandlers.register(TestEngines.builder(clock), inner -> ctx -> {
                    invocations.add(ctx.attempt() + " "
                            + ctx.checkpoint()
                                    .map(c -> c.cursor().asLong())
                                    .orElse(ctx.stepInputs()
                                            .at("/cursor/start_cursor")
                                            .asLong()));
                    return inner.call(ctx);
                })
                .build();
    }

    private static TaskHandle submit(Tasker tasker, Map<String, Object> context) {
        return tasker.submit(TaskRequest.of(CheckpointHandlers.NS, CheckpointHandlers.NAME, context));
    }

    private static void assertExactTotal(TaskSnapshot s) {
        assertEquals(TaskState.COMPLETE, s.state(), () -> s.steps().toString());
        JsonNode r = s.step("aggregate_results").result();
        assertEquals(100, r.get("total_processed").asInt());
        assertEquals(SUM_1_TO_100, r.get("running_total").asLong(), "every item counted once");
        assertEquals(100, r.get("item_count").asInt());
        assertEquals(100, r.get("distinct_items").asInt());
        assertEquals(1, r.get("worker_count").asInt());
        assertTrue(r.get("test_passed").asBoolean());
    }

    @Test
    void a_hundred_items_at_twenty_five_per_checkpoint_complete_in_one_attempt_with_three_checkpoints() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = Awaits.settled(
                    tasker, submit(tasker, Map.of("total_items", 100, "items_per_checkpoint", 25)), TestEngines.AWAIT);
            assertExactTotal(s);
            JsonNode r = s.step("aggregate_results").result();
            assertTrue(r.get("checkpoints_used").asInt() >= 3, r.toString());
            assertEquals(3, r.get("checkpoints_saved").asInt(), "yields after 25, 50 and 75 items");
            assertEquals(List.of("1 0", "1 25", "1 50", "1 75"), invocations, "re-invoked in the same attempt");
            assertEquals(1, s.step("checkpoint_yield_batch_001").attempts(), "a yield is not an attempt");
        }
    }

    @Test
    void a_retry_after_a_transient_failure_resumes_from_the_last_checkpoint_and_the_total_stays_exact() {
        try (Tasker tasker = engine()) {
            TaskHandle h = submit(
                    tasker,
                    Map.of(
                            "total_items",
                            100,
                            "items_per_checkpoint",
                            20,
                            "fail_after_items",
                            50,
                            "fail_on_attempt",
                            1));
            StepSnapshot failed =
                    Awaits.stepIn(tasker, h.taskId(), "checkpoint_yield_batch_001", StepState.WAITING_FOR_RETRY, 1);
            assertTrue(
                    failed.error().get("message").asText().contains("after 50 items"),
                    failed.error().toString());
            clock.advance(Duration.ofSeconds(1));
            TaskSnapshot s = Awaits.settled(tasker, h, TestEngines.AWAIT);
            assertExactTotal(s);
            assertEquals(
                    StepState.COMPLETE, s.step("checkpoint_yield_batch_001").state());
            assertEquals(2, s.step("checkpoint_yield_batch_001").attempts());
            assertEquals(
                    List.of("1 0", "1 20", "1 40", "2 40", "2 60", "2 80"),
                    invocations,
                    "attempt 2 starts at the checkpoint cursor 40, not at 0 nor at the failure point");
        }
    }

    @Test
    void a_permanent_failure_mid_batch_blocks_the_task() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = Awaits.settled(
                    tasker,
                    submit(
                            tasker,
                            Map.of(
                                    "total_items",
                                    100,
                                    "items_per_checkpoint",
                                    20,
                                    "fail_after_items",
                                    50,
                                    "permanent_failure",
                                    true)),
                    TestEngines.AWAIT);
            assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
            assertEquals(StepState.ERROR, s.step("checkpoint_yield_batch_001").state());
            assertEquals(1, s.step("checkpoint_yield_batch_001").attempts());
            assertEquals(StepState.PENDING, s.step("aggregate_results").state());
        }
    }

    @Test
    void a_batch_smaller_than_one_checkpoint_completes_without_yielding() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = Awaits.settled(
                    tasker, submit(tasker, Map.of("total_items", 10, "items_per_checkpoint", 25)), TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state());
            JsonNode r = s.step("aggregate_results").result();
            assertEquals(10, r.get("total_processed").asInt());
            assertEquals(0, r.get("checkpoints_saved").asInt());
            assertEquals(List.of("1 0"), invocations);
        }
    }

    @Test
    void an_engine_restarted_after_a_sigkill_mid_batch_resumes_from_the_last_checkpoint() throws Exception {
        UUID id = runChildUntilCheckpointed(50);
        TaskSnapshot s;
        try (Tasker tasker = CheckpointCrashWorker.builder(dir, inner -> CheckpointCrashWorker.logged(dir, inner))
                .build()) {
            s = Awaits.settled(tasker, tasker.handle(id), Duration.ofSeconds(60));
        }
        assertExactTotal(s);
        StepSnapshot worker = s.step("checkpoint_yield_batch_001");
        assertEquals(2, worker.attempts(), "the attempt cut by the crash counted; the resumed run is attempt 2");
        List<String> log = Files.readAllLines(dir.resolve("invocations.log"));
        assertEquals(
                List.of("1 0", "1 25", "1 50", "2 50", "2 75"),
                log,
                "killed at the invocation resuming from 50; the new engine resumed from the saved cursor 50");
    }

    /** Starts the child engine, waits until it has committed a checkpoint of at least {@code items}, kills it. */
    private UUID runChildUntilCheckpointed(long items) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dtasker.conformance.dir=" + Conformance.dir(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CheckpointCrashWorker.class.getName(),
                        dir.toString(),
                        "100",
                        "25",
                        String.valueOf(items))
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> pump(child, lines));
        UUID id = null;
        try {
            while (true) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertNotNull(line, () -> "the child stopped talking; stderr: " + read(dir.resolve("child.err")));
                if (line.startsWith("SUBMITTED ")) {
                    id = UUID.fromString(line.substring(10).trim());
                }
                if (line.startsWith("CHECKPOINT_SAVED ") && Long.parseLong(line.split(" ")[2]) >= items) {
                    break;
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(child.isAlive());
        assertNotNull(id);
        return id;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void pump(Process child, BlockingQueue<String> lines) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("EOF " + e);
        }
    }
}
