package dev.tasker.engine;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the engine's activity, refreshed at the end of each engine cycle.
 *
 * @param liveTasks tasks held in memory (running, waiting or blocked)
 * @param runningSteps step attempts running now
 * @param queuedSteps ready steps waiting for a concurrency slot
 * @param commits group commits so far
 * @param rowsWritten rows written by those commits
 * @param nextWakeUp when the engine next acts on its own (a retry's backoff ends, an attempt times out), or null
 * @param idle nothing running, queued, or waiting to be processed
 * @param interruptedHandlers handlers interrupted at their step's timeout since the engine started
 * @param stuckHandlers of those, the ones whose thread has not returned yet (they ignore interruption):
 *                      their step's next attempt and their task's settling wait for them
 * @param loopErrors per background loop (by thread name: {@code tasker-engine-loop}, {@code tasker-outbox},
 *                   {@code tasker-store-maintenance}, {@code tasker-cancel-requests}, {@code tasker-heartbeat},
 *                   {@code tasker-claimer}, {@code tasker-schedules}, {@code tasker-retention}), the rounds that failed
 *                   since the start; each loop logs the failure and carries on, so a count that grows means something
 *                   keeps failing (see the log)
 * @param schedulesFiredUpTo the engine clock time up to which the recurring schedules have fired every fire come due
 *                   (their last round), or null when the engine has no schedule; {@link #nextWakeUp} includes
 *                   their next fire time
 * @param tasksPurged finished tasks this engine deleted since it started ({@link Retention}, and operator purges
 *                    through it), each with all its rows
 */
public record EngineStats(
        int liveTasks,
        int runningSteps,
        int queuedSteps,
        long commits,
        long rowsWritten,
        @Nullable Instant nextWakeUp,
        boolean idle,
        long interruptedHandlers,
        int stuckHandlers,
        Map<String, Long> loopErrors,
        @Nullable Instant schedulesFiredUpTo,
        long tasksPurged) {

    /** Stats of an engine that purged nothing. */
    public EngineStats(
            int liveTasks,
            int runningSteps,
            int queuedSteps,
            long commits,
            long rowsWritten,
            @Nullable Instant nextWakeUp,
            boolean idle,
            long interruptedHandlers,
            int stuckHandlers,
            Map<String, Long> loopErrors,
            @Nullable Instant schedulesFiredUpTo) {
        this(
                liveTasks,
                runningSteps,
                queuedSteps,
                commits,
                rowsWritten,
                nextWakeUp,
                idle,
                interruptedHandlers,
                stuckHandlers,
                loopErrors,
                schedulesFiredUpTo,
                0);
    }

    /** Stats of an engine without schedules. */
    public EngineStats(
            int liveTasks,
            int runningSteps,
            int queuedSteps,
            long commits,
            long rowsWritten,
            @Nullable Instant nextWakeUp,
            boolean idle,
            long interruptedHandlers,
            int stuckHandlers,
            Map<String, Long> loopErrors,
            long tasksPurged) {
        this(
                liveTasks,
                runningSteps,
                queuedSteps,
                commits,
                rowsWritten,
                nextWakeUp,
                idle,
                interruptedHandlers,
                stuckHandlers,
                loopErrors,
                null,
                tasksPurged);
    }

    /** Copies the error counts (null for none), keeping their order. */
    public EngineStats {
        loopErrors = loopErrors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(loopErrors));
    }

    /** Stats without schedules or a purge count. */
    public EngineStats(
            int liveTasks,
            int runningSteps,
            int queuedSteps,
            long commits,
            long rowsWritten,
            @Nullable Instant nextWakeUp,
            boolean idle,
            long interruptedHandlers,
            int stuckHandlers,
            Map<String, Long> loopErrors) {
        this(
                liveTasks,
                runningSteps,
                queuedSteps,
                commits,
                rowsWritten,
                nextWakeUp,
                idle,
                interruptedHandlers,
                stuckHandlers,
                loopErrors,
                null,
                0);
    }

    /** Stats without loop error counts. */
    public EngineStats(
            int liveTasks,
            int runningSteps,
            int queuedSteps,
            long commits,
            long rowsWritten,
            @Nullable Instant nextWakeUp,
            boolean idle,
            long interruptedHandlers,
            int stuckHandlers) {
        this(
                liveTasks,
                runningSteps,
                queuedSteps,
                commits,
                rowsWritten,
                nextWakeUp,
                idle,
                interruptedHandlers,
                stuckHandlers,
                Map.of(),
                null);
    }

    /** Stats without handler counts (both zero). */
    public EngineStats(
            int liveTasks,
            int runningSteps,
            int queuedSteps,
            long commits,
            long rowsWritten,
            @Nullable Instant nextWakeUp,
            boolean idle) {
        this(liveTasks, runningSteps, queuedSteps, commits, rowsWritten, nextWakeUp, idle, 0, 0);
    }

    /** Failed rounds of all background loops together. */
    public long loopErrorCount() {
        return loopErrors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@link #nextWakeUp()} as an Optional. */
    public Optional<Instant> nextWakeUpTime() {
        return Optional.ofNullable(nextWakeUp);
    }
}
