package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.StepState;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations commands against the database of an application that is running (H2 shared with
 * {@code AUTO_SERVER=TRUE}, as the README says): a cancel reaches the application's engine, which
 * interrupts the handler and records a true audit; step repairs are refused with what to do instead.
 */
class RunningApplicationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ApplicationDatabase db;
    private String shared;
    private Tasker application;
    private final CountDownLatch validating = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();
    private UUID task;

    @BeforeEach
    void an_application_runs_a_task_whose_first_handler_is_blocked() throws InterruptedException {
        db = new ApplicationDatabase(dir);
        shared = db.url() + ";AUTO_SERVER=TRUE";
        application = Tasker.builder()
                .jdbcUrl(shared)
                .nodeId("app")
                .shutdownGrace(Duration.ofMillis(100))
                .templates(db.templates())
                .handler("ops.step", ctx -> {
                    runs.incrementAndGet();
                    validating.countDown();
                    try {
                        new CountDownLatch(1).await(); // a gateway that never answers
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return StepHandlerResult.success(Map.of());
                })
                .build();
        task = application
                .submit(TaskRequest.of("ops", "payment", Map.of("order", 7)))
                .taskId();
        assertTrue(validating.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the handler never started");
    }

    @AfterEach
    void stop_the_application() {
        application.close();
    }

    @Test
    void cancel_reaches_the_running_engine_which_interrupts_the_handler_and_audits_what_happened()
            throws InterruptedException {
        CliRun cancel = CliRun.of(
                        "cancel",
                        task.toString(),
                        "--by",
                        "dave",
                        "--reason",
                        "gateway stuck",
                        "--db",
                        shared,
                        "--templates",
                        db.templates().toString())
                .assertNoStackTrace();

        assertEquals(0, cancel.exitCode(), cancel::toString);
        assertEquals(
                "task " + task + ": steps_in_process -> cancelled (by dave), 3 step(s) cancelled",
                cancel.out().strip());
        assertTrue(interrupted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the handler was not interrupted");
        assertEquals(TaskState.CANCELLED, application.task(task).orElseThrow().state(), "as the application sees it");
        assertEquals(1, runs.get(), "the step ran once, in the application");

        AuditTrail audit = application.audit(task);
        List<StepTransition> validate = audit.step("validate");
        StepTransition last = validate.getLast();
        assertEquals(StepState.IN_PROGRESS, last.fromState(), validate::toString);
        assertEquals(StepState.CANCELLED, last.toState());
        assertEquals("dave", last.actor());
        assertEquals("gateway stuck", last.reason());
        assertEquals("app", last.nodeId(), "applied by the application's engine");
        assertTrue(
                audit.steps().stream()
                        .noneMatch(s -> s.reason() != null && s.reason().contains("engine")),
                () -> "no transition blames a stopped engine: " + audit.steps());
        CliRun trail = CliRun.of("audit", task.toString(), "--db", shared).assertNoStackTrace();
        assertEquals(0, trail.exitCode(), trail::toString);
        assertEquals(List.of(), trail.linesContaining("stopped"), trail::toString);
        assertEquals(1, trail.linesContaining("steps_in_process -> cancelled").size(), trail::toString);
    }

    @Test
    void a_step_repair_is_refused_with_what_to_do_and_changes_nothing() {
        CliRun resolve = CliRun.of(
                        "step-action",
                        task.toString(),
                        "validate",
                        "resolve",
                        "--by",
                        "erin",
                        "--reason",
                        "done by hand",
                        "--db",
                        shared,
                        "--templates",
                        db.templates().toString())
                .assertNoStackTrace();

        assertEquals(1, resolve.exitCode(), resolve::toString);
        String message = resolve.err().strip();
        assertTrue(
                message.startsWith("tasker step-action: the database is run by another engine (node app, host "),
                message);
        assertTrue(
                message.contains("Apply the action through that engine (Tasker.resetStep, resolveStep,"
                        + " completeStep or retryTask"),
                message);
        assertTrue(message.contains("or stop the application and run this again"), message);
        assertEquals(
                TaskState.STEPS_IN_PROCESS, application.task(task).orElseThrow().state());
        assertEquals(
                StepState.IN_PROGRESS,
                application.task(task).orElseThrow().step("validate").state());
        assertEquals(1, interrupted.getCount(), "the handler runs on");
    }
}
