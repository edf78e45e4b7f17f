package dev.tasker.engine.internal.background;

import dev.tasker.engine.ManualClock;
import dev.tasker.engine.MissedFirePolicy;
import dev.tasker.engine.Schedule;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskRequestException;
import dev.tasker.engine.UnknownTemplateException;
import dev.tasker.engine.internal.support.CronTimes;
import dev.tasker.engine.store.spi.ScheduleRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the engine's recurring schedules: a background loop that, every second of real time and whenever a
 * {@link ManualClock} moves, submits one task per fire time come due by the engine's clock. Each fire's task
 * has an idempotency key made of the schedule's name and the fire time, so the database's unique identity
 * index lets one task exist per fire time whatever the restarts and however many engines fire it together;
 * the schedule's last fire time (its row) then moves forward, never back.
 *
 * <p>The first round after the start applies the missed-fire policy to the fires that came due while no
 * engine ran (more than {@link #MISSED_AFTER} before the start): {@code skip} drops them, {@code run_once} runs
 * the latest of them. Later rounds run every fire come due, each once.
 */
public final class ScheduleFiring {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleFiring.class);
    public static final String NAME = "tasker-schedules";
    /** A fire due longer ago than this at an engine's start was missed (others fire normally). */
    static final Duration MISSED_AFTER = Duration.ofMinutes(1);
    /** Fires of one schedule per round; more wait for the next round, which comes at once. */
    private static final int MAX_FIRES_PER_ROUND = 1000;

    /** Submits a fire's request; true when a task was created, false when it existed (a duplicate). */
    @FunctionalInterface
    public interface Submitter {
        boolean submit(TaskRequest request);
    }

    /** A declared schedule with its parsed expression. */
    public record Declared(Schedule schedule, CronTimes times) {}

    private final WorkflowStore store;
    private final InstantSource clock;
    private final List<Declared> schedules;
    private final Submitter submitter;
    private final BackgroundLoop loop;
    private final Set<String> caughtUp = new HashSet<>();
    private final ScheduleProgress progress;

    public ScheduleFiring(
            WorkflowStore store,
            InstantSource clock,
            List<Declared> schedules,
            Submitter submitter,
            BackgroundLoops loops,
            ScheduleProgress progress) {
        this.progress = progress;
        this.store = store;
        this.clock = clock;
        this.schedules = List.copyOf(schedules);
        this.submitter = submitter;
        this.loop = loops.virtual(
                NAME,
                Duration.ofSeconds(1),
                woken -> round(),
                LOG,
                org.slf4j.event.Level.WARN,
                "fire the recurring schedules",
                "trying again every second; no fire time is lost meanwhile");
    }

    /** The loop; it has nothing to do when no schedule is declared. */
    public BackgroundLoop loop() {
        return loop;
    }

    /** Stores every declared schedule (its definition; a new one with its state) and follows the manual clock. */
    public void declare() {
        Instant now = clock.instant();
        for (Declared d : schedules) {
            Schedule s = d.schedule();
            store.declareSchedule(new ScheduleRow(
                    s.name(),
                    s.cron(),
                    s.syntax().wireName(),
                    s.zone().getId(),
                    s.request().namespace(),
                    s.request().name(),
                    s.request().version(),
                    s.missedFires().wireName(),
                    s.initiallyPaused(),
                    now,
                    now));
        }
        if (!schedules.isEmpty() && clock instanceof ManualClock mc) {
            mc.onChange(loop::wake);
        }
    }

    /**
     * The first round, run by the engine's start before the engine is handed out: the fires missed while no engine
     * ran are dealt with by the policy as of the start, whatever the clock does next. A failure (the database)
     * is logged; the loop's rounds try again.
     */
    public void catchUp() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not fire the recurring schedules at the start: {}; trying again every second", e.toString());
        }
    }

    /** One round: every schedule not paused fires what came due. */
    synchronized void round() {
        if (schedules.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, ScheduleRow> rows = new HashMap<>();
        for (ScheduleRow r : store.schedules()) {
            rows.put(r.name(), r);
        }
        boolean more = false;
        Instant nextFire = null;
        for (Declared d : schedules) {
            if (loop.stopping()) {
                return;
            }
            ScheduleRow row = rows.get(d.schedule().name());
            if (row == null || row.paused()) {
                continue;
            }
            Instant last = row.lastFireAt() == null ? now : row.lastFireAt();
            if (caughtUp.add(d.schedule().name())) {
                last = missed(d, last, now);
            }
            Instant after = fireDue(d, last, now);
            if (after == null) {
                more = true;
                continue;
            }
            Instant next = d.times().next(after).orElse(null);
            if (next != null && (nextFire == null || next.isBefore(nextFire))) {
                nextFire = next;
            }
        }
        if (more) {
            loop.wake();
        } else {
            progress.roundDone(now, nextFire);
        }
    }

    /** The fires missed while no engine ran, by the policy; returns the last fire time considered now. */
    private Instant missed(Declared d, Instant last, Instant now) {
        Instant missedUpTo = now.minus(MISSED_AFTER);
        Optional<Instant> latest = d.times().latest(last, missedUpTo);
        if (latest.isEmpty()) {
            return last;
        }
        Schedule s = d.schedule();
        if (s.missedFires() == MissedFirePolicy.RUN_ONCE) {
            LOG.info(
                    "schedule '{}' missed its fires up to {} while no engine ran: running the latest once (run_once)",
                    s.name(),
                    latest.get());
            fire(d, latest.get());
        } else {
            LOG.info(
                    "schedule '{}' skips the fires it missed up to {} while no engine ran (skip)",
                    s.name(),
                    latest.get());
        }
        store.advanceSchedule(s.name(), latest.get(), now);
        return latest.get();
    }

    /**
     * Fires each fire time in (last, now], in order; returns the last fire time considered (at least
     * {@code now}'s predecessor), or null when more remain for the next round.
     */
    private Instant fireDue(Declared d, Instant last, Instant now) {
        Instant at = last;
        for (int i = 0; i < MAX_FIRES_PER_ROUND; i++) {
            Optional<Instant> next = d.times().next(at);
            if (next.isEmpty() || next.get().isAfter(now)) {
                return at.isAfter(now) ? at : now;
            }
            fire(d, next.get());
            store.advanceSchedule(d.schedule().name(), next.get(), now);
            at = next.get();
        }
        return null;
    }

    /**
     * Submits the fire's task. A request the engine refuses (its template gone, its context against the input
     * schema) is logged and the fire dropped: trying again would be refused again. A database failure throws,
     * and the round is tried again (the fire time has not moved).
     */
    private void fire(Declared d, Instant fireTime) {
        Schedule s = d.schedule();
        TaskRequest base = s.request();
        TaskRequest request = base.withIdempotencyKey(fireKey(s.name(), fireTime))
                .withOrigin(
                        base.initiator() == null ? "schedule:" + s.name() : base.initiator(),
                        base.sourceSystem() == null ? "tasker-schedules" : base.sourceSystem(),
                        base.reason() == null ? "fire time " + fireTime : base.reason());
        try {
            boolean created = submitter.submit(request);
            LOG.debug("schedule '{}' fire {}: {}", s.name(), fireTime, created ? "task created" : "task existed");
        } catch (TaskRequestException | UnknownTemplateException e) {
            LOG.error("schedule '{}' cannot fire at {}: {}; this fire is dropped", s.name(), fireTime, e.getMessage());
        }
    }

    /** The idempotency key of a schedule's fire: the same on every engine and after every restart. */
    public static String fireKey(String schedule, Instant fireTime) {
        return "tasker-schedule:" + schedule + "@" + fireTime;
    }
}
