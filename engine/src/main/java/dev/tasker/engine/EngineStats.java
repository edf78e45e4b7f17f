package dev.tasker.engine;

import java.time.Instant;
import java.util.Optional;

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
 */
public record EngineStats(int liveTasks, int runningSteps, int queuedSteps, long commits, long rowsWritten,
                          Instant nextWakeUp, boolean idle) {

    /** {@link #nextWakeUp()} as an Optional. */
    public Optional<Instant> nextWakeUpTime() {
        return Optional.ofNullable(nextWakeUp);
    }
}
