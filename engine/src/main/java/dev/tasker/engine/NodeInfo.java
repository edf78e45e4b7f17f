package dev.tasker.engine;

import java.time.Instant;

/**
 * One engine sharing the database (PostgreSQL), as {@link Tasker#nodes()} reports it.
 *
 * @param nodeId the engine's node id
 * @param epoch raised each time the node starts or takes its lease back; older writes are fenced off
 * @param status {@link #ALIVE} or {@link #DEAD}
 * @param startedAt when the node started
 * @param heartbeatAt its last heartbeat
 * @param leaseExpiresAt when its lease runs out unless renewed
 * @param unfinishedTasks how many unfinished tasks it owns
 */
public record NodeInfo(
        String nodeId,
        long epoch,
        String status,
        Instant startedAt,
        Instant heartbeatAt,
        Instant leaseExpiresAt,
        long unfinishedTasks) {
    /** A node whose lease is held. */
    public static final String ALIVE = "alive";
    /** A node that stopped or whose lease ran out; its tasks have been or will be taken over. */
    public static final String DEAD = "dead";
}
