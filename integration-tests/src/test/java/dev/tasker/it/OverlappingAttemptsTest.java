package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.AwaitTimeoutException;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Attempts of one step never overlap: a handler that ignores its interruption at the timeout holds back
 * the next attempt and the task's settling until it really returns, and is counted in the stats.
 */
class OverlappingAttemptsTest {
    private final ManualClock clock = new ManualClock();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** Attempt 1 ignores interruption until released; later attempts succeed at once. */
    private final StepHandler stubborn = ctx -> {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        events.add("start " + ctx.attempt());
        try {
            if (ctx.attempt() == 1) {
                entered.countDown();
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException ignored) {
                        interrupted.countDown(); // and carry on regardless, as a careless handler would
                    }
                }
            }
            return StepHandlerResult.success(Map.of("attempt", ctx.attempt()));
        } finally {
            events.add("end " + ctx.attempt());
            running.decrementAndGet();
        }
    };

    private Tasker engine(int maxAttempts) {
        return TestEngines.builder(clock)
                .templateYaml(RetryTest.template("{max_attempts: " + maxAttempts + ", backoff: none}", 5), "flaky.yaml")
                .handler("flaky", stubborn)
                .build();
    }

    @Test
    void the_retry_of_a_timed_out_attempt_starts_only_after_its_handler_returned() throws InterruptedException {
        try (Tasker tasker = engine(3)) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            entered.await();

            clock.advance(Duration.ofSeconds(6));
            interrupted.await();
            await().atMost(TestEngines.AWAIT)
                    .until(() -> tasker.stats().stuckHandlers() == 1
                            && tasker.stats().idle());

            // The retry is due (backoff none) and the engine is idle, yet attempt 2 has not started.
            assertEquals(List.of("start 1"), events);
            assertEquals(1, tasker.task(h.taskId()).orElseThrow().step("work").attempts());
            assertEquals(1, tasker.stats().interruptedHandlers());

            release.countDown();
            TaskSnapshot done = Awaits.settled(tasker, h, TestEngines.AWAIT);

            assertEquals(TaskState.COMPLETE, done.state());
            assertEquals(2, done.step("work").attempts());
            assertEquals(List.of("start 1", "end 1", "start 2", "end 2"), events);
            assertEquals(1, mostAtOnce.get());
            await().atMost(TestEngines.AWAIT).until(() -> tasker.stats().stuckHandlers() == 0); // stats lag a cycle
        }
    }

    @Test
    void the_task_does_not_settle_while_a_timed_out_handler_still_runs() throws InterruptedException {
        try (Tasker tasker = engine(1)) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            entered.await();

            clock.advance(Duration.ofSeconds(6));
            interrupted.await();
            await().atMost(TestEngines.AWAIT)
                    .until(() -> tasker.stats().stuckHandlers() == 1
                            && tasker.stats().idle()
                            && tasker.task(h.taskId())
                                            .orElseThrow()
                                            .step("work")
                                            .state()
                                    == StepState.ERROR);

            assertThrows(
                    AwaitTimeoutException.class,
                    () -> h.await(Duration.ofMillis(200)),
                    "the task settled while its handler still ran");

            release.countDown();
            TaskSnapshot blocked = Awaits.settled(tasker, h, TestEngines.AWAIT);

            assertEquals(TaskState.BLOCKED_BY_FAILURES, blocked.state());
            assertTrue(blocked.step("work").error().get("message").asText().contains("exceeded its timeout of 5 s"));
            assertEquals(List.of("start 1", "end 1"), events);
            await().atMost(TestEngines.AWAIT).until(() -> tasker.stats().stuckHandlers() == 0); // stats lag a cycle
        }
    }
}
