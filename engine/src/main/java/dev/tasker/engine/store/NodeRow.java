package dev.tasker.engine.store;

import java.time.Instant;

/**
 * One engine node sharing the database, as the node registry records it.
 *
 * @param nodeId the node's id
 * @param epoch how many times a node with this id has joined; claims and writes carry it
 * @param status {@code alive}, {@code dead} (its lease ran out and its tasks went back to the queue) or
 *     {@code left} (closed cleanly, tasks handed back)
 * @param startedAt when this epoch joined (database time)
 * @param heartbeatAt the last renewal (database time)
 * @param leaseExpiresAt when other nodes may take its tasks over unless it renews (database time)
 * @param unfinishedTasks unfinished tasks it owns now
 */
public record NodeRow(String nodeId, long epoch, String status, Instant startedAt, Instant heartbeatAt,
                      Instant leaseExpiresAt, long unfinishedTasks) {
    /** A node that renews its lease. */
    public static final String ALIVE = "alive";
    /** A node whose lease ran out; its tasks were released. */
    public static final String DEAD = "dead";
    /** A node that closed cleanly and released its tasks. */
    public static final String LEFT = "left";
}
