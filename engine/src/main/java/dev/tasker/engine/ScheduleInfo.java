package dev.tasker.engine;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A recurring schedule as stored in the database, for operators ({@link TaskerOperations#schedules()}).
 *
 * @param name the schedule's name
 * @param cron its cron expression
 * @param syntax the expression's syntax
 * @param zone the time zone id it is read in
 * @param namespace the template namespace of its tasks
 * @param taskName the template name
 * @param version the template version, or null for the latest loaded
 * @param missedFires its missed-fire policy
 * @param paused true while paused by an operator
 * @param lastFireAt the last fire time considered (fired or skipped), or null
 * @param nextFireTimes the next few fire times after now (by the engine's clock)
 */
public record ScheduleInfo(
        String name,
        String cron,
        CronSyntax syntax,
        String zone,
        String namespace,
        String taskName,
        @Nullable String version,
        MissedFirePolicy missedFires,
        boolean paused,
        @Nullable Instant lastFireAt,
        List<Instant> nextFireTimes) {

    /** Copies the list. */
    public ScheduleInfo {
        nextFireTimes = List.copyOf(nextFireTimes);
    }
}
