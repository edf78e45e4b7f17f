package dev.tasker.engine.internal.background;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where the schedule firing stands, for the engine's stats (written by {@link ScheduleFiring}, read by the engine
 * loop): the clock time up to which it has fired, and its next fire time. A test kit driving a manual clock waits
 * for the first to reach the clock, and stops the clock at the second, as it does at a retry's time.
 */
public final class ScheduleProgress {
    private volatile @Nullable Instant firedUpTo;
    private volatile @Nullable Instant nextFire;

    /** The engine clock time of the last round's start, once that round has fired all it found due; or null. */
    public @Nullable Instant firedUpTo() {
        return firedUpTo;
    }

    /** The earliest next fire time of the schedules not paused, or null. */
    public @Nullable Instant nextFire() {
        return nextFire;
    }

    void roundDone(Instant upTo, @Nullable Instant next) {
        nextFire = next;
        firedUpTo = upTo;
    }
}
