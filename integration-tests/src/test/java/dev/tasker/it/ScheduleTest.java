package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.MissedFirePolicy;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.Schedule;
import dev.tasker.engine.ScheduleInfo;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.UnknownTemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recurring schedules: one task per cron fire time, by the injected clock, across restarts; missed fires; pause. */
class ScheduleTest {
    static final String TEMPLATE = """
            name: report
            namespace_name: sched
            version: 1.0.0
            steps:
              - name: work
                handler:
                  callable: work
            """;
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(START);

    @TempDir
    Path dir;

    private TaskerBuilder builder(String url) {
        return Tasker.builder()
                .jdbcUrl(url)
                .clock(clock)
                .backoffJitter(0)
                .poolSize(2)
                .templateYaml(TEMPLATE, "report.yaml")
                .handler("work", ctx -> StepHandlerResult.success(Map.of("ok", true)));
    }

    private static TaskRequest report() {
        return TaskRequest.of("sched", "report", Map.of("kind", "hourly"));
    }

    static List<TaskSnapshot> tasks(Tasker tasker) {
        return tasker.tasks(new TaskQuery(null, "sched", "report", 10_000, 0));
    }

    static void awaitTasks(Tasker tasker, int n) {
        await().atMost(TestEngines.AWAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> tasks(tasker).size() >= n);
        // The firing loop runs every second: over two of its rounds, no other task appears.
        await().during(Duration.ofMillis(2200))
                .atMost(Duration.ofSeconds(10))
                .until(() -> tasks(tasker).size() == n);
    }

    private String fileUrl(String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
    }

    @Test
    void an_hourly_schedule_fires_once_per_fire_time_when_the_clock_jumps_a_day() {
        try (Tasker tasker = builder(TestEngines.memoryUrl())
                .schedule("hourly", "0 * * * *", report())
                .build()) {
            ScheduleInfo info = tasker.schedules().get(0);
            assertEquals("hourly", info.name());
            assertEquals(
                    List.of(
                            Instant.parse("2026-03-01T01:00:00Z"),
                            Instant.parse("2026-03-01T02:00:00Z"),
                            Instant.parse("2026-03-01T03:00:00Z")),
                    info.nextFireTimes());
            clock.advance(Duration.ofMinutes(59));
            awaitTasks(tasker, 0);
            clock.advance(Duration.ofDays(1).minusMinutes(59));
            awaitTasks(tasker, 24);
            await().atMost(TestEngines.AWAIT)
                    .until(() -> tasks(tasker).stream().allMatch(t -> t.state().isTerminal()));
            assertEquals(
                    Instant.parse("2026-03-02T00:00:00Z"),
                    tasker.schedules().get(0).lastFireAt());
        }
    }

    @Test
    void a_schedule_reads_its_expression_in_its_zone() {
        try (Tasker tasker = builder(TestEngines.memoryUrl())
                .schedule("paris", "0 2 * * *", ZoneId.of("Europe/Paris"), report())
                .build()) {
            assertEquals(
                    Instant.parse("2026-03-01T01:00:00Z"),
                    tasker.schedules().get(0).nextFireTimes().get(0),
                    "02:00 in Paris (UTC+1 in March before the change) is 01:00 UTC");
        }
    }

    @Test
    void each_fire_time_runs_once_across_a_restart_even_when_the_engine_stopped_before_recording_it() throws Exception {
        String url = fileUrl("db");
        try (Tasker tasker =
                builder(url).schedule("hourly", "0 * * * *", report()).build()) {
            clock.advance(Duration.ofHours(2));
            awaitTasks(tasker, 2);
            clock.advance(Duration.ofMinutes(30));
        }
        // As if the engine had stopped between creating the 01:00 and 02:00 tasks and recording the fires.
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            assertEquals(
                    1,
                    st.executeUpdate("UPDATE tasker_schedules SET last_fire_at = TIMESTAMP WITH TIME ZONE"
                            + " '2026-03-01 00:00:00+00' WHERE name = 'hourly'"));
        }
        try (Tasker tasker =
                builder(url).schedule("hourly", "0 * * * *", report()).build()) {
            awaitTasks(tasker, 2); // 02:00 fired again (run_once) is the existing task: its identity is the fire's
            assertEquals(
                    Instant.parse("2026-03-01T02:00:00Z"),
                    tasker.schedules().get(0).lastFireAt());
            clock.advance(Duration.ofMinutes(30));
            awaitTasks(tasker, 3);
        }
    }

    @Test
    void fires_missed_while_down_run_once_or_are_skipped_by_policy() {
        String url = fileUrl("missed");
        Schedule runOnce = Schedule.cron("once", "0 * * * *", report());
        Schedule skip = Schedule.cron("skip", "30 * * * *", TaskRequest.of("sched", "report", Map.of("kind", "skip")))
                .missedFires(MissedFirePolicy.SKIP);
        try (Tasker tasker = builder(url).schedule(runOnce).schedule(skip).build()) {
            assertEquals(2, tasker.schedules().size());
        }
        clock.advance(Duration.ofDays(3).plusMinutes(10)); // 72 fires of each missed while no engine ran
        try (Tasker tasker = builder(url).schedule(runOnce).schedule(skip).build()) {
            awaitTasks(tasker, 1);
            TaskSnapshot only = tasks(tasker).get(0);
            assertEquals("hourly", only.context().get("kind").asText(), "run_once ran the latest missed fire");
            Map<String, Instant> last =
                    tasker.schedules().stream().collect(Collectors.toMap(ScheduleInfo::name, ScheduleInfo::lastFireAt));
            assertEquals(Instant.parse("2026-03-04T00:00:00Z"), last.get("once"));
            assertEquals(Instant.parse("2026-03-03T23:30:00Z"), last.get("skip"));
            clock.advance(Duration.ofHours(1)); // 00:30 (skip's) and 01:00 (once's) fire normally
            awaitTasks(tasker, 3);
        }
    }

    @Test
    void a_paused_schedule_does_not_fire_and_resumes_with_its_next_fire_time() {
        String url = fileUrl("pause");
        try (Tasker tasker =
                builder(url).schedule("hourly", "0 * * * *", report()).build()) {
            tasker.pauseSchedule("hourly", "alice");
            assertTrue(tasker.schedules().get(0).paused());
            clock.advance(Duration.ofHours(3));
            awaitTasks(tasker, 0);
        }
        try (Tasker tasker =
                builder(url).schedule("hourly", "0 * * * *", report()).build()) {
            assertTrue(tasker.schedules().get(0).paused(), "the pause survives a restart");
            clock.advance(Duration.ofHours(1));
            awaitTasks(tasker, 0);
            tasker.resumeSchedule("hourly", "alice");
            assertFalse(tasker.schedules().get(0).paused());
            awaitTasks(tasker, 0); // the fires due while paused do not run
            clock.advance(Duration.ofHours(1));
            awaitTasks(tasker, 1);
            OperatorActionException e =
                    assertThrows(OperatorActionException.class, () -> tasker.pauseSchedule("nope", "alice"));
            assertTrue(
                    e.getMessage().contains("no schedule 'nope'")
                            && e.getMessage().contains("hourly"),
                    e.getMessage());
        }
    }

    @Test
    void a_schedule_declared_paused_starts_paused() {
        try (Tasker tasker = builder(TestEngines.memoryUrl())
                .schedule(Schedule.cron("p", "0 * * * *", report()).paused())
                .build()) {
            assertTrue(tasker.schedules().get(0).paused());
            clock.advance(Duration.ofHours(2));
            awaitTasks(tasker, 0);
        }
    }

    @Test
    void a_bad_cron_expression_or_template_or_name_is_refused_naming_the_schedule() {
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> builder(TestEngines.memoryUrl()).schedule("nightly-report", "0 25 * * *", report()));
        assertTrue(bad.getMessage().contains("schedule 'nightly-report'"), bad.getMessage());
        assertTrue(bad.getMessage().contains("0 25 * * *"), bad.getMessage());
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> builder(TestEngines.memoryUrl())
                        .schedule("a", "0 * * * *", report())
                        .schedule("a", "5 * * * *", report()));
        assertTrue(twice.getMessage().contains("declared twice"), twice.getMessage());
        UnknownTemplateException unknown = assertThrows(
                UnknownTemplateException.class,
                () -> builder(TestEngines.memoryUrl())
                        .schedule("x", "0 * * * *", TaskRequest.of("sched", "nope", Map.of()))
                        .build());
        assertTrue(unknown.getMessage().contains("schedule 'x'"), unknown.getMessage());
    }

    @Test
    void a_quartz_expression_with_seconds_is_accepted_when_asked_for() {
        try (Tasker tasker = builder(TestEngines.memoryUrl())
                .schedule(Schedule.cron("q", "0/30 * * * * ?", report()).syntax(dev.tasker.engine.CronSyntax.QUARTZ))
                .build()) {
            assertEquals(
                    Instant.parse("2026-03-01T00:00:30Z"),
                    tasker.schedules().get(0).nextFireTimes().get(0));
            clock.advance(Duration.ofMinutes(1));
            awaitTasks(tasker, 2);
        }
    }

    @Test
    void schedules_yaml_beside_the_templates_is_loaded_and_bad_files_name_file_and_line() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("report.yaml"), TEMPLATE);
        Files.writeString(templates.resolve("schedules.yaml"), """
                schedules:
                  - name: nightly-report
                    cron: "0 2 * * *"
                    zone: UTC
                    task: {namespace: sched, name: report, version: 1.0.0}
                    context: {kind: nightly}
                    missed_fires: skip
                """);
        try (Tasker tasker = Tasker.builder()
                .jdbcUrl(TestEngines.memoryUrl())
                .clock(clock)
                .templates(templates)
                .handler("work", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            ScheduleInfo info = tasker.schedules().get(0);
            assertEquals("nightly-report", info.name());
            assertEquals(MissedFirePolicy.SKIP, info.missedFires());
            assertEquals("1.0.0", info.version());
            clock.advance(Duration.ofDays(2));
            awaitTasks(tasker, 2);
            assertEquals(
                    Set.of("nightly"),
                    tasks(tasker).stream()
                            .map(t -> t.context().get("kind").asText())
                            .collect(Collectors.toSet()));
        }
        Files.writeString(templates.resolve("schedules.yaml"), """
                schedules:
                  - name: ok
                    cron: "0 2 * * *"
                    task: {namespace: sched, name: report}
                  - name: broken
                    cron: "0 2 * *"
                    task: {namespace: sched, name: report}
                """);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Tasker.builder()
                        .jdbcUrl(TestEngines.memoryUrl())
                        .templates(templates)
                        .handler("work", ctx -> StepHandlerResult.success(Map.of()))
                        .build());
        assertTrue(e.getMessage().contains("schedules.yaml:5"), e.getMessage());
        assertTrue(e.getMessage().contains("schedule 'broken'"), e.getMessage());
        Files.writeString(templates.resolve("schedules.yaml"), """
                schedules:
                  - name: typo
                    cron: "0 2 * * *"
                    task: {namespace: sched, name: report}
                    missed: skip
                """);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tasker.builder()
                        .jdbcUrl(TestEngines.memoryUrl())
                        .templates(templates)
                        .handler("work", ctx -> StepHandlerResult.success(Map.of()))
                        .build());
        assertTrue(e.getMessage().contains("schedules.yaml:5: unknown key 'missed'"), e.getMessage());
    }
}
