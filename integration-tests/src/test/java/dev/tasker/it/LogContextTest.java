package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/** Logs with context: MDC keys around each handler run, and one line per finished task. */
class LogContextTest {
    private final ManualClock clock = new ManualClock();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final ExecutorService handlerThread = Executors.newSingleThreadExecutor();
    private PrintStream originalErr;

    /**
     * slf4j-simple, the tests' binding, keeps no MDC (its adapter is a no-op); Logback and Log4j 2 keep one.
     * The test installs SLF4J's own thread-local adapter through its package-private setter.
     */
    @BeforeAll
    static void keepMdc() throws ReflectiveOperationException {
        if (!(MDC.getMDCAdapter() instanceof BasicMDCAdapter)) {
            Method set = MDC.class.getDeclaredMethod("setMDCAdapter", MDCAdapter.class);
            set.setAccessible(true);
            set.invoke(null, new BasicMDCAdapter());
        }
    }

    @BeforeEach
    void captureLog() {
        originalErr = System.err; // slf4j-simple writes to whatever System.err is at each line
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
        System.err.print(log.toString(StandardCharsets.UTF_8));
        handlerThread.shutdownNow();
    }

    private Tasker engine(String retry, StepHandler handler, UnaryOperator<TaskerBuilder> settings) {
        return settings.apply(TestEngines.builder(clock)
                        .nodeId("node-mdc")
                        .executor(handlerThread)
                        .templateYaml(RetryTest.template(retry, null), "flaky.yaml")
                        .handler("flaky", handler))
                .build();
    }

    /** The MDC of the one handler thread, read on that thread between runs. */
    private Map<String, String> mdcOfHandlerThread() throws Exception {
        Map<String, String> m = handlerThread.submit(MDC::getCopyOfContextMap).get();
        return m == null ? Map.of() : m;
    }

    @Test
    void a_handler_runs_with_the_keys_of_its_attempt_and_the_thread_gets_its_own_values_back() throws Exception {
        handlerThread
                .submit(() -> {
                    MDC.put("app.request", "r-7"); // the application's own key: untouched
                    MDC.put("tasker.step", "outer"); // a value the run shadows, then puts back
                })
                .get();
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        try (Tasker tasker = engine(
                "{max_attempts: 2, backoff: none}",
                ctx -> {
                    seen.add(new HashMap<>(MDC.getCopyOfContextMap()));
                    if (ctx.attempt() == 1) {
                        throw new RetryableError("first attempt fails"); // the exception path restores too
                    }
                    return StepHandlerResult.success(Map.of());
                },
                b -> b)) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            TaskSnapshot s = h.await(TestEngines.AWAIT);

            assertEquals(TaskState.COMPLETE, s.state());
            assertEquals(2, seen.size());
            for (int attempt = 1; attempt <= 2; attempt++) {
                Map<String, String> expected = new HashMap<>();
                expected.put("app.request", "r-7");
                expected.put("tasker.task_id", h.taskId().toString());
                expected.put("tasker.namespace", "retries");
                expected.put("tasker.template", "flaky");
                expected.put("tasker.step", "work");
                expected.put("tasker.attempt", Integer.toString(attempt));
                expected.put("tasker.node", "node-mdc");
                assertEquals(expected, seen.get(attempt - 1), "attempt " + attempt);
            }
            assertEquals(Map.of("app.request", "r-7", "tasker.step", "outer"), mdcOfHandlerThread());
        }
    }

    @Test
    void a_handler_that_throws_an_error_leaves_no_keys_on_its_thread() throws Exception {
        try (Tasker tasker = engine(
                "{max_attempts: 1}",
                ctx -> {
                    throw new AssertionError("an Error, not an exception");
                },
                b -> b)) {
            TaskSnapshot s =
                    tasker.submit(TaskRequest.of("retries", "flaky", Map.of())).await(TestEngines.AWAIT);

            assertEquals(StepState.ERROR, s.step("work").state());
            assertEquals(Map.of(), mdcOfHandlerThread());
        }
    }

    private List<String> finishedLines() {
        return log.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("dev.tasker.tasks") && l.contains("retries/flaky v1.0.0"))
                .toList();
    }

    @Test
    void one_line_per_finished_task_at_info_by_default() {
        try (Tasker tasker = engine("{max_attempts: 1}", ctx -> StepHandlerResult.success(Map.of()), b -> b)) {
            TaskHandle a = tasker.submit(TaskRequest.of("retries", "flaky", Map.of("n", 1)));
            TaskHandle b = tasker.submit(TaskRequest.of("retries", "flaky", Map.of("n", 2)));
            a.await(TestEngines.AWAIT);
            b.await(TestEngines.AWAIT);
        }
        List<String> lines = finishedLines();
        assertEquals(2, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertTrue(line.contains("INFO"), line);
            assertTrue(line.contains(" complete in 0 ms: 1 step(s), 1 attempt(s)"), line);
        }
    }

    @Test
    void a_task_blocked_by_failures_is_logged_with_its_state_and_attempts_at_the_level_set() {
        try (Tasker tasker = engine(
                "{max_attempts: 2, backoff: none}",
                ctx -> {
                    throw new RetryableError("down");
                },
                b -> b.taskFinishedLogLevel(Level.WARN))) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            assertEquals(
                    TaskState.BLOCKED_BY_FAILURES, h.await(TestEngines.AWAIT).state());
            List<String> lines = finishedLines();
            assertEquals(1, lines.size(), String.join("\n", lines));
            String line = lines.get(0);
            assertTrue(line.contains("WARN"), line);
            assertTrue(line.contains("task " + h.taskId() + " retries/flaky v1.0.0 blocked_by_failures"), line);
            assertTrue(line.contains("1 step(s), 2 attempt(s)"), line);
        }
    }

    @Test
    void no_line_when_turned_off_or_below_the_logger_level() {
        for (Level level : new Level[] {null, Level.DEBUG}) {
            try (Tasker tasker = engine(
                    "{max_attempts: 1}",
                    ctx -> StepHandlerResult.success(Map.of()),
                    b -> b.taskFinishedLogLevel(level))) {
                assertEquals(
                        TaskState.COMPLETE,
                        tasker.submit(TaskRequest.of("retries", "flaky", Map.of()))
                                .await(TestEngines.AWAIT)
                                .state());
            }
        }
        assertEquals(List.of(), finishedLines());
    }
}
