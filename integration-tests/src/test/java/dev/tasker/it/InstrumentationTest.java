package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.observe.AttemptEnd;
import dev.tasker.engine.observe.AttemptObserver;
import dev.tasker.engine.observe.HandlerScope;
import dev.tasker.engine.observe.Instrumentation;
import dev.tasker.engine.observe.StepAttempt;
import dev.tasker.engine.observe.TaskEnd;
import dev.tasker.engine.observe.TemplateRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The observation SPI as an instrumentation sees it: every attempt started and ended once with its outcome
 * (timeouts and cancels included), the propagation context stored at submit handed back with the task, the
 * handler scope entered on the handler's thread around the handler.
 */
class InstrumentationTest {
    private static final String PROPAGATION = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private final ManualClock clock = new ManualClock();

    /** Records what it hears, as "event step outcome". */
    static final class Recorder implements Instrumentation {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<AttemptEnd> ends = new CopyOnWriteArrayList<>();
        final List<StepAttempt> attempts = new CopyOnWriteArrayList<>();
        final List<TaskEnd> tasks = new CopyOnWriteArrayList<>();
        final ThreadLocal<String> current = new ThreadLocal<>();

        @Override
        public String taskSubmitting(TemplateRef template) {
            events.add("submitting " + template.name());
            return PROPAGATION;
        }

        @Override
        public AttemptObserver attemptStarted(StepAttempt attempt) {
            attempts.add(attempt);
            events.add("started " + attempt.step() + " " + attempt.attempt());
            return new AttemptObserver() {
                @Override
                public HandlerScope enterHandler() {
                    current.set(attempt.step() + "#" + attempt.attempt());
                    return current::remove;
                }

                @Override
                public void finished(AttemptEnd end) {
                    ends.add(end);
                    events.add("ended " + attempt.step() + " " + attempt.attempt() + " "
                            + end.outcome().tagValue());
                }
            };
        }

        @Override
        public void taskFinished(TaskEnd task) {
            tasks.add(task);
            events.add("task " + task.state());
        }

        @Override
        public void engineStopped() {
            events.add("stopped");
        }
    }

    private static String template(String retry, int timeoutSeconds) {
        return """
                name: watched
                namespace_name: observe
                version: 1.0.0
                steps:
                  - name: work
                    handler: {callable: work}
                    retry: %s
                    timeout_seconds: %d
                """.formatted(retry, timeoutSeconds);
    }

    private Tasker engine(String retry, StepHandler work, Instrumentation i) {
        return TestEngines.builder(clock)
                .templateYaml(template(retry, 2), "watched.yaml")
                .handler("work", work)
                .instrumentation(i)
                .build();
    }

    @Test
    void a_timed_out_attempt_ends_timed_out_and_its_retry_succeeds_inside_the_handler_scope() throws Exception {
        Recorder recorder = new Recorder();
        CountDownLatch started = new CountDownLatch(1);
        List<String> scopes = new CopyOnWriteArrayList<>();
        try (Tasker tasker = engine(
                "{max_attempts: 2, backoff: none}",
                ctx -> {
                    scopes.add(recorder.current.get());
                    if (ctx.attempt() == 1) {
                        started.countDown();
                        new CountDownLatch(1).await(); // hangs until interrupted at the timeout
                    }
                    return StepHandlerResult.success(Map.of());
                },
                recorder)) {
            TaskHandle h = tasker.submit(TaskRequest.of("observe", "watched", Map.of()));
            assertTrue(started.await(20, TimeUnit.SECONDS));
            clock.advance(Duration.ofSeconds(3));
            assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
        }
        assertEquals(
                List.of(
                        "submitting watched",
                        "started work 1",
                        "ended work 1 timed_out",
                        "started work 2",
                        "ended work 2 succeeded",
                        "task complete",
                        "stopped"),
                recorder.events,
                "the close tells of the stop once, last");
        assertEquals("timeout", recorder.ends.get(0).errorType());
        assertNull(recorder.ends.get(1).errorType());
        assertEquals(List.of("work#1", "work#2"), scopes, "each handler ran inside its attempt's scope");
        for (StepAttempt a : recorder.attempts) {
            assertEquals(PROPAGATION, a.task().propagation(), "the stored context comes back with the task");
            assertEquals("watched", a.task().template().name());
        }
        assertEquals(PROPAGATION, recorder.tasks.get(0).task().propagation());
    }

    @Test
    void a_cancelled_task_ends_its_running_attempt_cancelled_and_finishes_cancelled() throws Exception {
        Recorder recorder = new Recorder();
        CountDownLatch started = new CountDownLatch(1);
        try (Tasker tasker = engine(
                "{max_attempts: 1}",
                ctx -> {
                    started.countDown();
                    new CountDownLatch(1).await();
                    return StepHandlerResult.success(Map.of());
                },
                recorder)) {
            TaskHandle h = tasker.submit(TaskRequest.of("observe", "watched", Map.of()));
            assertTrue(started.await(20, TimeUnit.SECONDS));
            Awaits.step(tasker, h.taskId(), "work", s -> s.state() == StepState.IN_PROGRESS);
            tasker.cancel(h.taskId(), "ops", "no longer needed");
            assertEquals(TaskState.CANCELLED, h.await(TestEngines.AWAIT).state());
        }
        assertEquals(
                List.of("submitting watched", "started work 1", "ended work 1 cancelled", "task cancelled", "stopped"),
                recorder.events);
    }

    @Test
    void an_operator_client_calls_no_instrumentation() {
        Recorder recorder = new Recorder();
        String url = TestEngines.memoryUrl();
        try (Tasker engine = TestEngines.builder(clock)
                .jdbcUrl(url)
                .templateYaml(template("{max_attempts: 1}", 2), "watched.yaml")
                .handler("work", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            engine.submit(TaskRequest.of("observe", "watched", Map.of())).await(TestEngines.AWAIT);
        }
        try (var client = Tasker.builder()
                .jdbcUrl(url)
                .templateYaml(template("{max_attempts: 1}", 2), "watched.yaml")
                .instrumentation(recorder)
                .buildClient()) {
            assertEquals(1, client.tasks(dev.tasker.engine.TaskQuery.all()).size());
        }
        assertEquals(List.of(), recorder.events);
    }
}
