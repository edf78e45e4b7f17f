package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.Schedule;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A day of simulated time in milliseconds: delayed tasks start at their time, schedules fire at each fire time. */
@TaskerTest
class SchedulesInSimulatedTimeTest {

    private static void oneStep(TaskerTestEnvironment env) {
        env.templateYaml(Templates.oneStep("{max_attempts: 1}", 30))
                .handler("work", ctx -> StepHandlerResult.success(Map.of()));
    }

    @Test
    void a_delayed_task_runs_when_the_clock_reaches_its_time(TaskerTestEnvironment env) {
        oneStep(env);
        Instant start = env.clock().instant();
        UUID id = env.submit(TaskRequest.of("tests", "one", Map.of()).delay(Duration.ofHours(5)));
        assertEquals(TaskState.SCHEDULED, env.task(id).state());
        env.advance(Duration.ofHours(4));
        assertEquals(TaskState.SCHEDULED, env.task(id).state());
        TaskSnapshot done = env.runToCompletion(id);
        assertEquals(TaskState.COMPLETE, done.state());
        assertEquals(Duration.ofHours(5), env.elapsed(), "the clock jumped to the start time, no further");
        assertEquals(start.plus(Duration.ofHours(5)), env.invocations().get(0).at(), "its step ran at its time");
    }

    @Test
    void advancing_a_day_fires_an_hourly_schedule_24_times_each_at_its_fire_time(TaskerTestEnvironment env) {
        oneStep(env);
        env.configure(b -> b.schedule(Schedule.cron("hourly", "0 * * * *", TaskRequest.of("tests", "one", Map.of()))));
        Instant start = env.clock().instant();
        env.advance(Duration.ofDays(1));
        List<TaskSnapshot> tasks = env.tasker().tasks(new TaskQuery(null, "tests", "one", 100, 0)).stream()
                .sorted(Comparator.comparing(TaskSnapshot::createdAt))
                .toList();
        assertEquals(24, tasks.size());
        for (int i = 0; i < 24; i++) {
            assertEquals(TaskState.COMPLETE, tasks.get(i).state());
            assertEquals(
                    start.plus(Duration.ofHours(i + 1)),
                    tasks.get(i).createdAt(),
                    "each task was created at its fire time: the clock stopped there");
        }
    }
}
