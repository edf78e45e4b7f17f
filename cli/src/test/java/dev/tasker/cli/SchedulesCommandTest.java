package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.Schedule;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedules} lists, pauses and resumes the application's schedules; {@code tasks} shows a delayed task. */
class SchedulesCommandTest {
    @TempDir
    Path dir;

    @Test
    void schedules_lists_pauses_and_resumes_and_tasks_shows_a_scheduled_task() {
        ApplicationDatabase db = new ApplicationDatabase(dir);
        UUID delayed;
        try (Tasker app = Tasker.builder()
                .jdbcUrl(db.url())
                .templates(db.templates())
                .handler("ops.step", ctx -> StepHandlerResult.success(Map.of()))
                .schedule("nightly-report", "0 2 * * *", TaskRequest.of("ops", "payment", Map.of("order", 1)))
                .schedule(Schedule.cron("weekly", "0 3 * * 1", TaskRequest.of("ops", "payment", Map.of("order", 2)))
                        .zone(java.time.ZoneId.of("Europe/Paris"))
                        .paused())
                .build()) {
            delayed = app.submit(
                            TaskRequest.of("ops", "payment", Map.of("order", 3)).delay(Duration.ofDays(365)))
                    .taskId();
        }

        CliRun list = db.cli("schedules");
        assertEquals(0, list.exitCode(), list::toString);
        List<String> lines = list.outLines();
        assertTrue(
                lines.getFirst().matches("NAME +CRON +ZONE +TEMPLATE +STATE +MISSED +LAST FIRE +NEXT FIRE TIMES"),
                list::toString);
        assertTrue(
                lines.get(1)
                        .matches("nightly-report +0 2 \\* \\* \\* +Z +ops/payment +active +run_once +\\S+ \\S+ +"
                                + "\\d{4}-\\d\\d-\\d\\dT02:00:00Z, \\S+T02:00:00Z, \\S+T02:00:00Z"),
                list::toString);
        assertTrue(
                lines.get(2).matches("weekly +0 3 \\* \\* 1 +Europe/Paris +ops/payment +paused +run_once .*"),
                list::toString);

        CliRun pause = db.cli("schedules", "pause", "nightly-report", "--by", "alice");
        assertEquals(0, pause.exitCode(), pause::toString);
        assertEquals(
                "schedule 'nightly-report' paused (by alice); no fire of it runs until it is resumed",
                pause.out().strip());
        assertTrue(db.cli("schedules").outLines().get(1).contains(" paused "));
        CliRun resume = db.cli("schedules", "resume", "weekly");
        assertEquals(0, resume.exitCode(), resume::toString);
        assertTrue(db.cli("schedules").outLines().get(2).contains(" active "));

        CliRun unknown = db.cli("schedules", "pause", "nope");
        assertTrue(unknown.exitCode() != 0, unknown::toString);
        assertTrue(unknown.err().contains("no schedule 'nope'"), unknown::toString);
        CliRun bad = db.cli("schedules", "stop", "weekly");
        assertTrue(bad.exitCode() != 0, bad::toString);

        CliRun tasks = db.cli("tasks", "--state", "scheduled");
        assertEquals(0, tasks.exitCode(), tasks::toString);
        assertEquals(1, tasks.linesContaining(delayed.toString()).size(), tasks::toString);
        assertEquals(1, tasks.linesContaining("scheduled").size(), tasks::toString);
        CliRun show = db.cli("task", delayed.toString());
        assertEquals(1, show.linesContaining("  state        scheduled").size(), show::toString);
    }
}
