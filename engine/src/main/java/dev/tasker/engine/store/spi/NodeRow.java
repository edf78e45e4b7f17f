package dev.tasker.engine.store.spi;

import java.time.Instant;

/**
 * One engine node sharing the database, as the node registry records it.
 *
 * @param nodeId the node's id
 * @param epoch how many times a node with this id has joined; claims and writes carry it
 * @param status {@code alive}, or {@code dead}: its lease ran out and its tasks went back to the queue (a
 *     node that closes cleanly hands its tasks back and leaves the registry; a dead one is listed a day)
 * @param startedAt when this epoch joined (database time)
 * @param heartbeatAt the last renewal (database time)
 * @param leaseExpiresAt when other nodes may take its tasks over unless it renews (database time)
 * @param unfinishedTasks unfinished tasks it owns now
 */
public record NodeRow(
        String nodeId,
        long epoch,
        String status,
        Instant startedAt,
        Instant heartbeatAt,
        Instant leaseExpiresAt,
        long unfinishedTasks) {
    /** A node that renews its lease. */
    public static final String ALIVE = "alive";
    /** A node whose lease ran out; its tasks were released. */
    public static final String DEAD = "dead";
}
