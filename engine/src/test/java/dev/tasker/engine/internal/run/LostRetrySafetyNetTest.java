package dev.tasker.engine.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.engine.Limits;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The engine loop's safety net for lost retry timers (issue #11): once a second, a step of a live task that
 * waits for a retry already due, with no timer armed and not queued, is queued (and the loss counted and
 * logged). Driven on the {@link Scheduler} directly, since no known path loses a timer any more.
 */
class LostRetrySafetyNetTest {
    private static final String YAML = """
            name: payment
            namespace_name: retry
            version: 1.0.0
            steps:
              - name: charge
                handler: {callable: charge}
                retry: {max_attempts: 3}
            """;

    private final ManualClock clock = new ManualClock();
    private final Map<UUID, TaskRun> live = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Scheduler scheduler = new Scheduler(
            clock,
            new EngineSettings(
                    "node-t",
                    10,
                    Map.of(),
                    Duration.ofSeconds(30),
                    0,
                    new SplittableRandom(1),
                    10,
                    Duration.ofSeconds(1),
                    100,
                    Staleness.DEFAULTS,
                    Limits.DEFAULTS,
                    null,
                    dev.tasker.engine.internal.support.JsonMapping.DEFAULT),
            null,
            live,
            timers,
            c -> {},
            new Recovery(
                    row -> java.util.Optional.empty(),
                    tpl -> new TemplateGate("retry/payment", Integer.MAX_VALUE),
                    "node-t",
                    true),
            EventSink.NONE,
            new SingleNode(null, null),
            Observers.NONE);

    /** A live task whose step waits for a retry due at {@code due}, with no timer armed. */
    private StepRun waiting(java.time.Instant due) {
        TaskTemplate template = TemplateLoader.defaults().loadString(YAML, "payment.yaml");
        TaskRun t = new TaskPlanner(clock, "node-t", tpl -> new TemplateGate("retry/payment", Integer.MAX_VALUE))
                .plan(TaskRequest.of("retry", "payment", Map.of()), template, null);
        t.initialRows = null;
        StepRun s = t.steps.get("charge");
        t.setState(s, StepState.WAITING_FOR_RETRY);
        s.attempts = 1;
        s.nextAttemptAt = due;
        t.state = TaskState.WAITING_FOR_RETRY;
        live.put(t.id, t);
        return s;
    }

    @Test
    void a_due_retry_with_no_timer_is_queued_once_and_counted() {
        StepRun s = waiting(clock.instant());
        scheduler.rearmLostRetries(new Cycle(clock.instant()));
        assertEquals(1, scheduler.queuedSteps(), "the lost retry was queued");
        assertEquals(1, scheduler.lostRetries());
        assertEquals(true, s.queued);
        clock.advance(Duration.ofSeconds(2));
        scheduler.rearmLostRetries(new Cycle(clock.instant()));
        assertEquals(1, scheduler.queuedSteps(), "queued once, not again");
        assertEquals(1, scheduler.lostRetries());
    }

    @Test
    void a_retry_not_yet_due_a_retry_with_its_timer_and_a_task_failing_fast_are_left_alone() {
        waiting(clock.instant().plusSeconds(5));
        StepRun armed = waiting(clock.instant());
        timers.add(new Timer(armed.nextAttemptAt, 0, Timer.Kind.RETRY, armed, armed.invocation));
        StepRun failing = waiting(clock.instant());
        failing.task.failFast = true;
        scheduler.rearmLostRetries(new Cycle(clock.instant()));
        assertEquals(0, scheduler.queuedSteps());
        assertEquals(0, scheduler.lostRetries());
    }

    @Test
    void it_looks_once_a_second() {
        scheduler.rearmLostRetries(new Cycle(clock.instant()));
        waiting(clock.instant());
        clock.advance(Duration.ofMillis(500));
        scheduler.rearmLostRetries(new Cycle(clock.instant()));
        assertEquals(0, scheduler.queuedSteps(), "half a second after the last look");
        clock.advance(Duration.ofMillis(500));
        scheduler.rearmLostRetries(new Cycle(clock.instant()));
        assertEquals(1, scheduler.queuedSteps(), "a second after the last look");
    }
}
