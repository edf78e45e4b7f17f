package dev.tasker.engine.store.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The shared side of per-key concurrency and rate limits, where several nodes share one database: holds
 * counted per (limit, key value) and rate buckets holding their next permitted start. Each call is its own
 * short transaction. Holds of a node declared dead, and holds whose step (or task) has finished, are not
 * counted and are deleted by the next {@link #tryHold} of their key.
 */
public interface LimitStore {

    /**
     * Takes a hold for {@code holder} (a step id, or a task id for a task-scope limit) when fewer than
     * {@code max} live holds of ({@code limitId}, {@code key}) exist, or when the holder has one already.
     *
     * @return whether the holder holds a slot now
     */
    boolean tryHold(String limitId, String key, UUID holder, String nodeId, int max);

    /** Frees the holder's hold, if any. */
    void release(String limitId, String key, UUID holder);

    /**
     * Counts a start in the rate bucket when its next permitted start is at or before {@code now}, moving it to
     * {@code max(next, now) + interval}.
     *
     * @return null when the start is counted, else the next permitted start
     */
    Instant tryStart(String bucketId, Instant now, Duration interval);

    /** How many live holds ({@code limitId}, {@code key}) has, for tests and tools. */
    int holds(String limitId, String key);
}
