package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schedules and delayed tasks on two engines sharing one PostgreSQL schema (same manual clock): each fire time
 * makes exactly one task although both engines fire it, and a delayed task starts on one node only.
 */
class SchedulePostgresTest {
    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final AtomicInteger runs = new AtomicInteger();

    private Tasker node(String id) {
        return Tasker.builder()
                .jdbcUrl(database.url())
                .nodeId(id)
                .clock(clock)
                .poolSize(3)
                .backoffJitter(0)
                .queuePollInterval(Duration.ofMillis(200))
                .templateYaml(ScheduleTest.TEMPLATE, "report.yaml")
                .handler("work", ctx -> {
                    runs.incrementAndGet();
                    return StepHandlerResult.success(Map.of());
                })
                .schedule("hourly", "0 * * * *", TaskRequest.of("sched", "report", Map.of("kind", "hourly")))
                .build();
    }

    private static List<TaskSnapshot> tasks(Tasker t) {
        return t.tasks(new TaskQuery(null, "sched", "report", 10_000, 0));
    }

    @Test
    void two_nodes_make_one_task_per_fire_time_also_over_a_restart_of_one() {
        Tasker a = node("node-a");
        Tasker b = node("node-b");
        try {
            for (int hour = 1; hour <= 4; hour++) {
                clock.advance(Duration.ofHours(1));
                ScheduleTest.awaitTasks(a, hour);
            }
            clock.advance(Duration.ofDays(1)); // 24 fire times at once, both nodes firing each
            ScheduleTest.awaitTasks(a, 28);
            a.close();
            clock.advance(Duration.ofHours(2));
            ScheduleTest.awaitTasks(b, 30);
            a = node("node-a");
            clock.advance(Duration.ofHours(1));
            ScheduleTest.awaitTasks(a, 31);
            Tasker reader = a;
            await().atMost(TestEngines.AWAIT)
                    .until(() -> tasks(reader).stream().allMatch(t -> t.state() == TaskState.COMPLETE));
            assertEquals(31, runs.get(), "each task ran once, on one node");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void a_delayed_task_starts_once_on_one_of_two_nodes() {
        try (Tasker a = node("node-a");
                Tasker b = node("node-b")) {
            a.pauseSchedule("hourly", "test");
            TaskHandle h = a.submit(
                    TaskRequest.of("sched", "report", Map.of("kind", "delayed")).delay(Duration.ofMinutes(10)));
            assertEquals(TaskState.SCHEDULED, b.task(h.taskId()).orElseThrow().state());
            clock.advance(Duration.ofMinutes(10));
            assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
            assertEquals(1, runs.get());
            assertEquals(1, tasks(b).size());
        }
    }
}
