package dev.tasker.engine.store.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One recurring schedule as stored ({@code tasker_schedules}): its definition, copied from the engine that
 * declares it, and its state, shared by every engine of the database.
 *
 * @param name the schedule's unique name
 * @param cron the cron expression
 * @param cronType {@code unix}, {@code quartz} or {@code spring}
 * @param zone the time zone id the expression is read in
 * @param namespace the template namespace of the tasks it creates
 * @param taskName the template name
 * @param version the template version, or null for the latest loaded
 * @param missedFires {@code skip} or {@code run_once}
 * @param paused true while an operator has paused it
 * @param lastFireAt the last fire time considered (fired, or skipped); no fire at or before it happens again
 * @param updatedAt when the row last changed
 */
public record ScheduleRow(
        String name,
        String cron,
        String cronType,
        String zone,
        String namespace,
        String taskName,
        String version,
        String missedFires,
        boolean paused,
        Instant lastFireAt,
        Instant updatedAt) {

    /** Checks the required fields. */
    public ScheduleRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(cronType, "cronType");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(missedFires, "missedFires");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
