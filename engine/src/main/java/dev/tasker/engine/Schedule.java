package dev.tasker.engine;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A recurring schedule: at each fire time of its cron expression (read in its time zone), the engine submits
 * {@code request}. Each fire time runs at most once, across restarts and across the engines sharing a
 * database: the task's identity is derived from the schedule's name and the fire time. Declare one on the
 * builder, {@code Tasker.builder().schedule(Schedule.cron("nightly-report", "0 2 * * *", request))}, or in a
 * {@code schedules.yaml} file beside the templates. Each {@code with}-style method returns a new schedule.
 *
 * @param name unique among the database's schedules; part of each fire's identity
 * @param cron the cron expression (five fields for {@link CronSyntax#UNIX}, the default)
 * @param syntax the expression's syntax
 * @param zone the time zone the expression is read in (default UTC)
 * @param request the task each fire submits (its idempotency key is replaced by the fire's)
 * @param missedFires what happens to the fires missed while no engine ran (default {@link MissedFirePolicy#RUN_ONCE})
 * @param initiallyPaused stored paused when the schedule is first declared (an operator resumes it); an existing
 *     schedule keeps the state operators gave it
 */
public record Schedule(
        String name,
        String cron,
        CronSyntax syntax,
        ZoneId zone,
        TaskRequest request,
        MissedFirePolicy missedFires,
        boolean initiallyPaused) {

    /** Checks the fields (the expression itself is checked when the builder is given the schedule). */
    public Schedule {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a schedule's name must not be blank");
        }
        Objects.requireNonNull(cron, "cron of schedule '" + name + "'");
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(missedFires, "missedFires");
        if (request.runAt() != null || request.startDelay() != null) {
            throw new IllegalArgumentException(
                    "schedule '" + name + "': its request must not have a start time or delay of its own");
        }
    }

    /** A schedule of a Unix cron expression in UTC, missed fires {@link MissedFirePolicy#RUN_ONCE}, not paused. */
    public static Schedule cron(String name, String cron, TaskRequest request) {
        return new Schedule(name, cron, CronSyntax.UNIX, ZoneOffset.UTC, request, MissedFirePolicy.RUN_ONCE, false);
    }

    /** The same schedule read in {@code z}. */
    public Schedule zone(ZoneId z) {
        return new Schedule(name, cron, syntax, z, request, missedFires, initiallyPaused);
    }

    /** The same schedule with an expression of another syntax (Quartz, Spring: with seconds). */
    public Schedule syntax(CronSyntax s) {
        return new Schedule(name, cron, s, zone, request, missedFires, initiallyPaused);
    }

    /** The same schedule with this missed-fire policy. */
    public Schedule missedFires(MissedFirePolicy policy) {
        return new Schedule(name, cron, syntax, zone, request, policy, initiallyPaused);
    }

    /** The same schedule, stored paused when first declared. */
    public Schedule paused() {
        return new Schedule(name, cron, syntax, zone, request, missedFires, true);
    }
}
