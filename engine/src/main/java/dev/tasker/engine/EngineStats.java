package dev.tasker.engine;

import java.time.Instant;
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
 */
public record EngineStats(int liveTasks, int runningSteps, int queuedSteps, long commits, long rowsWritten,
                          @Nullable Instant nextWakeUp, boolean idle, long interruptedHandlers, int stuckHandlers) {

    /** Stats without handler counts (both zero). */
    public EngineStats(int liveTasks, int runningSteps, int queuedSteps, long commits, long rowsWritten,
                       @Nullable Instant nextWakeUp, boolean idle) {
        this(liveTasks, runningSteps, queuedSteps, commits, rowsWritten, nextWakeUp, idle, 0, 0);
    }

    /** {@link #nextWakeUp()} as an Optional. */
    public Optional<Instant> nextWakeUpTime() {
        return Optional.ofNullable(nextWakeUp);
    }
}
