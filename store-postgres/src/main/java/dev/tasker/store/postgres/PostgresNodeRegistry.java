package dev.tasker.store.postgres;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.FencedException;
import dev.tasker.engine.store.spi.NodeRegistry;
import dev.tasker.engine.store.spi.NodeRow;
import dev.tasker.store.jdbc.DatabaseModule;
import dev.tasker.store.jdbc.IdChunks;
import dev.tasker.store.jdbc.Jdbc;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NodeRegistry} on PostgreSQL: the {@code tasker_nodes} table, claims with
 * {@code FOR UPDATE SKIP LOCKED}, and LISTEN/NOTIFY to tell nodes of queued work and settled tasks.
 *
 * <p>Why LISTEN/NOTIFY rather than polling: a notification reaches an idle node within a millisecond and
 * costs the database nothing while nothing happens, where polling trades latency against a query per
 * interval per node. A notification can be missed (the listening connection drops), so the engine also
 * looks at the queue after every reconnection and every few seconds, which costs one indexed query.
 * Notifications are sent inside the writing transaction, so they arrive only if it commits. Channel
 * names carry a hash of the schema, so applications (and test runs) in other schemas of the database
 * do not wake each other.
 *
 * <p>Over 400 lines as one piece: the lease, the claims, the fences and the notifications are statements
 * on the same two tables whose locking order must agree; they are read together.
 */
final class PostgresNodeRegistry implements DatabaseModule.SharedNodes {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNodeRegistry.class);
    private static final String TERMINAL = "("
            + Arrays.stream(TaskState.values())
                    .filter(TaskState::isTerminal)
                    .map(s -> "'" + s.wireName() + "'")
                    .collect(Collectors.joining(", "))
            + ")";
    private static final String UNFINISHED = "state NOT IN " + TERMINAL;
    private static final String FINISHED = "state IN " + TERMINAL;
    /** Unfinished and not waiting for an operator. */
    private static final String RUNNABLE = "("
            + Arrays.stream(TaskState.values())
                    .filter(s -> !s.isTerminal() && s != TaskState.BLOCKED_BY_FAILURES)
                    .map(s -> "'" + s.wireName() + "'")
                    .collect(Collectors.joining(", "))
            + ")";

    private static final String LEASE = "now() + ? * interval '1 millisecond'";
    static final String FENCE = "SELECT epoch, status FROM tasker_nodes WHERE node_id = ? FOR SHARE";

    private final Jdbc jdbc;
    private final DataSource dataSource;
    private final String workChannel;
    private final String settledChannel;
    private final String cancelChannel;

    PostgresNodeRegistry(Jdbc jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        String schema = jdbc.query(
                        "read the current schema",
                        "SELECT current_schema() AS s",
                        Jdbc.NO_PARAMETERS,
                        row -> row.text("s"))
                .get(0);
        String tag = Integer.toHexString((schema == null ? "" : schema).hashCode());
        this.workChannel = "tasker_work_" + tag;
        this.settledChannel = "tasker_settled_" + tag;
        this.cancelChannel = "tasker_cancel_" + tag;
    }

    @Override
    public Join join(String nodeId, Duration lease) {
        return jdbc.inTransaction("join as node " + nodeId, c -> {
            List<Boolean> previous = jdbc.query(
                    c,
                    "SELECT status = 'alive' AND lease_expires_at > now() AS live"
                            + " FROM tasker_nodes WHERE node_id = ? FOR UPDATE",
                    p -> p.text(nodeId),
                    row -> row.bool("live"));
            long epoch = jdbc.query(
                            c,
                            "INSERT INTO tasker_nodes (node_id, epoch, status, started_at, heartbeat_at,"
                                    + " lease_expires_at) VALUES (?, 1, 'alive', now(), now(), " + LEASE + ")"
                                    + " ON CONFLICT (node_id) DO UPDATE SET epoch = tasker_nodes.epoch + 1, status = 'alive',"
                                    + " started_at = now(), heartbeat_at = now(), lease_expires_at = EXCLUDED.lease_expires_at"
                                    + " RETURNING epoch",
                            p -> p.text(nodeId).longValue(lease.toMillis()),
                            row -> row.longValue("epoch"))
                    .get(0);
            int released = jdbc.update(
                    c,
                    "UPDATE tasker_tasks SET node_id = NULL WHERE node_id = ? AND " + UNFINISHED,
                    p -> p.text(nodeId));
            released += jdbc.update(
                    c,
                    "UPDATE tasker_tasks SET node_id = NULL WHERE node_id IS NOT NULL AND "
                            + UNFINISHED
                            + " AND NOT EXISTS (SELECT 1 FROM tasker_nodes n WHERE n.node_id = tasker_tasks.node_id"
                            + " AND n.status = 'alive')",
                    Jdbc.NO_PARAMETERS);
            if (released > 0) {
                notify(c, workChannel, "");
            }
            return new Join(epoch, !previous.isEmpty() && previous.get(0), released);
        });
    }

    @Override
    public boolean heartbeat(String nodeId, long epoch, Duration lease) {
        return jdbc.inTransaction(
                "renew the lease of node " + nodeId,
                c -> jdbc.update(
                                c,
                                "UPDATE tasker_nodes SET heartbeat_at = now(), lease_expires_at = " + LEASE
                                        + " WHERE node_id = ? AND epoch = ? AND status = 'alive'",
                                p -> p.longValue(lease.toMillis()).text(nodeId).longValue(epoch))
                        == 1);
    }

    @Override
    public List<String> expireLapsed() {
        return jdbc.inTransaction("expire nodes whose lease ran out", c -> {
            List<String> lapsed = jdbc.query(
                    c,
                    "SELECT node_id FROM tasker_nodes WHERE status = 'alive'"
                            + " AND lease_expires_at < now() FOR UPDATE SKIP LOCKED",
                    Jdbc.NO_PARAMETERS,
                    row -> row.text("node_id"));
            // Dead nodes stay listed a day (what happened to them), then go.
            jdbc.update(
                    c,
                    "DELETE FROM tasker_nodes WHERE status = 'dead' AND lease_expires_at < now() - interval"
                            + " '1 day'",
                    Jdbc.NO_PARAMETERS);
            List<String> expired = new ArrayList<>();
            for (String node : lapsed) {
                jdbc.update(c, "UPDATE tasker_nodes SET status = 'dead' WHERE node_id = ?", p -> p.text(node));
                int released = jdbc.update(
                        c,
                        "UPDATE tasker_tasks SET node_id = NULL WHERE node_id = ? AND " + UNFINISHED,
                        p -> p.text(node));
                expired.add(node + " (" + released + " unfinished task(s) back in the queue)");
            }
            if (!expired.isEmpty()) {
                notify(c, workChannel, "");
            }
            return expired;
        });
    }

    @Override
    public List<UUID> claim(String nodeId, long epoch, int limit, Collection<UUID> skip) {
        if (limit <= 0) {
            return List.of();
        }
        String queued = "node_id IS NULL AND " + UNFINISHED + " AND state <> '"
                + TaskState.BLOCKED_BY_FAILURES.wireName() + "' AND NOT (task_id = ANY (?))";
        // An idle node asks often: a plain read first, so that an empty queue costs no lock and no write.
        boolean any = !jdbc.query(
                        "look at the queue",
                        "SELECT 1 AS queued FROM tasker_tasks WHERE " + queued + " LIMIT 1",
                        p -> p.uuidArray(skip),
                        row -> row.integer("queued"))
                .isEmpty();
        if (!any) {
            return List.of();
        }
        return jdbc.inTransaction("claim queued tasks for node " + nodeId, c -> {
            checkFence(c, nodeId, epoch);
            return jdbc.query(
                    c,
                    "UPDATE tasker_tasks SET node_id = ? WHERE task_id IN (SELECT task_id FROM"
                            + " tasker_tasks WHERE " + queued
                            + " ORDER BY priority DESC, created_at LIMIT ? FOR UPDATE SKIP"
                            + " LOCKED) RETURNING task_id",
                    p -> p.text(nodeId).uuidArray(skip).integer(limit),
                    row -> row.uuid("task_id"));
        });
    }

    @Override
    public Optional<String> claimTask(String nodeId, long epoch, UUID taskId) {
        return jdbc.inTransaction("claim task " + taskId + " for node " + nodeId, c -> {
            checkFence(c, nodeId, epoch);
            int claimed = jdbc.update(
                    c,
                    "UPDATE tasker_tasks SET node_id = ? WHERE task_id = ? AND (node_id IS NULL" + " OR node_id = ? OR "
                            + FINISHED + ")",
                    p -> p.text(nodeId).uuid(taskId).text(nodeId));
            if (claimed == 1) {
                return Optional.<String>empty();
            }
            List<String> owner = jdbc.query(
                    c,
                    "SELECT node_id FROM tasker_tasks WHERE task_id = ?",
                    p -> p.uuid(taskId),
                    row -> row.text("node_id"));
            return owner.isEmpty() ? Optional.<String>empty() : Optional.ofNullable(owner.get(0));
        });
    }

    @Override
    public List<UUID> ownedWithDueRetry(String nodeId, Instant now, int limit) {
        // A positive list of states, so that the state index bounds the scan by the unfinished tasks: finished
        // tasks keep their owner, and a node's finished tasks grow without bound.
        return jdbc.query(
                "look for owned tasks with a due retry",
                "SELECT t.task_id FROM tasker_tasks t WHERE"
                        + " t.node_id = ? AND t.state IN " + RUNNABLE + " AND EXISTS (SELECT 1 FROM tasker_steps s"
                        + " WHERE s.task_id = t.task_id AND s.state = '" + StepState.WAITING_FOR_RETRY.wireName()
                        + "' AND s.next_attempt_at <= ?) LIMIT ?",
                p -> p.text(nodeId).instant(now).integer(limit),
                row -> row.uuid("task_id"));
    }

    @Override
    public void release(String nodeId, long epoch, Collection<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return;
        }
        jdbc.inTransaction("put tasks of node " + nodeId + " back in the queue", c -> {
            int released = 0;
            for (List<UUID> chunk : IdChunks.of(taskIds)) {
                released += jdbc.update(
                        c,
                        "UPDATE tasker_tasks SET node_id = NULL WHERE node_id = ? AND " + UNFINISHED
                                + " AND task_id IN (" + IdChunks.placeholders(chunk.size()) + ")",
                        p -> {
                            p.text(nodeId);
                            for (UUID id : chunk) {
                                p.uuid(id);
                            }
                        });
            }
            if (released > 0) {
                notify(c, workChannel, "");
            }
            return null;
        });
    }

    @Override
    public void leave(String nodeId, long epoch) {
        jdbc.inTransaction("leave as node " + nodeId, c -> {
            // The row goes: the registry lists nodes that run or may still hold tasks, not every engine
            // that ever started (a command-line tool joins too). A late write of this epoch finds no row and
            // is refused like a dead node's.
            int left = jdbc.update(
                    c,
                    "DELETE FROM tasker_nodes WHERE node_id = ? AND epoch = ? AND status = 'alive'",
                    p -> p.text(nodeId).longValue(epoch));
            if (left == 1
                    && jdbc.update(
                                    c,
                                    "UPDATE tasker_tasks SET node_id = NULL WHERE node_id = ? AND " + UNFINISHED,
                                    p -> p.text(nodeId))
                            > 0) {
                notify(c, workChannel, "");
            }
            return null;
        });
    }

    @Override
    public void requestCancel(UUID taskId, String requestedBy, String reason) {
        jdbc.inTransaction("request the cancel of task " + taskId, c -> {
            jdbc.update(
                    c,
                    "INSERT INTO tasker_cancel_requests (task_id, requested_by, reason, requested_at)"
                            + " VALUES (?, ?, ?, now()) ON CONFLICT (task_id) DO NOTHING",
                    p -> p.uuid(taskId).text(requestedBy).text(reason));
            notify(c, cancelChannel, taskId.toString());
            return null;
        });
    }

    @Override
    public void nudge(UUID taskId) {
        jdbc.inTransaction("tell the nodes of a signal for task " + taskId, c -> {
            notify(c, cancelChannel, taskId.toString());
            return null;
        });
    }

    @Override
    public List<CancelRequest> cancelRequests(Collection<UUID> taskIds) {
        List<CancelRequest> found = new ArrayList<>();
        for (List<UUID> chunk : IdChunks.of(taskIds)) {
            found.addAll(jdbc.query(
                    "read cancel requests",
                    "SELECT task_id, requested_by, reason FROM" + " tasker_cancel_requests WHERE task_id IN ("
                            + IdChunks.placeholders(chunk.size()) + ")",
                    IdChunks.binder(chunk),
                    row -> new CancelRequest(row.uuid("task_id"), row.text("requested_by"), row.text("reason"))));
        }
        return found;
    }

    @Override
    public void cancelApplied(UUID taskId) {
        jdbc.inTransaction(
                "forget the cancel request of task " + taskId,
                c -> jdbc.update(c, "DELETE FROM tasker_cancel_requests WHERE task_id = ?", p -> p.uuid(taskId)));
    }

    @Override
    public List<NodeRow> nodes() {
        return jdbc.query(
                "list the nodes",
                "SELECT n.node_id, n.epoch, n.status, n.started_at, n.heartbeat_at,"
                        + " n.lease_expires_at, (SELECT count(*) FROM tasker_tasks t WHERE t.node_id = n.node_id AND t.state NOT IN "
                        + TERMINAL + ") AS tasks FROM tasker_nodes n ORDER BY n.node_id",
                Jdbc.NO_PARAMETERS,
                row -> new NodeRow(
                        row.text("node_id"),
                        row.longValue("epoch"),
                        row.text("status"),
                        row.instant("started_at"),
                        row.instant("heartbeat_at"),
                        row.instant("lease_expires_at"),
                        row.longValue("tasks")));
    }

    /** Inside a write transaction: holds this node's row (FOR SHARE) and checks it is alive at this epoch. */
    @Override
    public void checkFence(Connection c, String nodeId, long epoch) throws SQLException {
        List<Object[]> found = jdbc.query(
                c, FENCE, p -> p.text(nodeId), row -> new Object[] {row.longValue("epoch"), row.text("status")});
        checkFenceRead(
                nodeId,
                epoch,
                found.isEmpty() ? null : (Long) found.get(0)[0],
                found.isEmpty() ? null : (String) found.get(0)[1]);
    }

    /**
     * The same read as {@link #checkFence}, for the store to send inside its first statement of a write
     * transaction (BatchWriter: with the batch's new rows). The FOR SHARE lock is taken by that statement and
     * held until the transaction ends, exactly as when the read is a statement of its own: a lapsed-lease expiry
     * (FOR UPDATE SKIP LOCKED) skips the node meanwhile, and an expiry or a rejoin committed before it is seen
     * (READ COMMITTED re-reads the locked row's newest version), and the transaction is rolled back.
     */
    @Override
    public String fenceQuery() {
        return FENCE;
    }

    /** {@link #checkFenceRead}'s judgement in SQL, for a write sent as one statement in autocommit. */
    @Override
    public String fenceHolds() {
        return "fence.epoch = CAST(? AS int8) AND fence.status = '" + NodeRow.ALIVE + "'";
    }

    @Override
    public void checkFenceRead(String nodeId, long epoch, Long foundEpoch, String foundStatus) {
        if (foundEpoch == null || foundEpoch != epoch || !NodeRow.ALIVE.equals(foundStatus)) {
            throw new FencedException("node " + nodeId + " (epoch " + epoch + ") may no longer write: the registry"
                    + " says "
                    + (foundEpoch == null ? "nothing of it" : "epoch/status " + foundEpoch + " " + foundStatus)
                    + "; another node took its tasks over after its lease ran out, or a newer engine joined with"
                    + " the same node id");
        }
    }

    /**
     * Inside a write transaction: signals sent when it commits, and the nudges on the cancel channel (the node
     * that runs each task reads what was recorded for it: a child task of its sub-workflow step ended).
     */
    @Override
    public void signal(Connection c, boolean work, Collection<UUID> settled, Collection<UUID> nudged)
            throws SQLException {
        signal(c, work, settled);
        for (UUID id : nudged) {
            notify(c, cancelChannel, id.toString());
        }
    }

    /** The same signals as {@link #signal}, as (channel, payload) pairs for a statement that sends them. */
    @Override
    public List<String[]> notifications(boolean work, Collection<UUID> settled) {
        List<String[]> pairs = new ArrayList<>(settled.size() + 1);
        if (work) {
            pairs.add(new String[] {workChannel, ""});
        }
        for (UUID id : settled) {
            pairs.add(new String[] {settledChannel, id.toString()});
        }
        return pairs;
    }

    /** Inside a write transaction: signals sent when it commits. */
    @Override
    public void signal(Connection c, boolean work, Collection<UUID> settled) throws SQLException {
        if (work) {
            notify(c, workChannel, "");
        }
        if (!settled.isEmpty()) {
            Array ids =
                    c.createArrayOf("text", settled.stream().map(UUID::toString).toArray());
            try (var statement = c.prepareStatement("SELECT pg_notify(?, id) FROM unnest(?) AS id")) {
                statement.setString(1, settledChannel);
                statement.setArray(2, ids);
                statement.execute();
            } finally {
                ids.free();
            }
        }
    }

    private void notify(Connection c, String channel, String payload) throws SQLException {
        try (var statement = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, payload);
            statement.execute();
        }
    }

    @Override
    public AutoCloseable listen(Runnable onWork, Consumer<UUID> onSettled, Consumer<UUID> onCancel) {
        Listener listener = new Listener(onWork, onSettled, onCancel);
        listener.thread =
                Thread.ofPlatform().name("tasker-pg-listener").daemon(true).start(listener);
        return listener;
    }

    /** One connection kept out of the pool, LISTENing on both channels, reconnecting when it drops. */
    private final class Listener implements Runnable, AutoCloseable {
        private final Runnable onWork;
        private final Consumer<UUID> onSettled;
        private final Consumer<UUID> onCancel;
        private volatile boolean closed;
        private Thread thread;

        Listener(Runnable onWork, Consumer<UUID> onSettled, Consumer<UUID> onCancel) {
            this.onWork = onWork;
            this.onSettled = onSettled;
            this.onCancel = onCancel;
        }

        @Override
        public void run() {
            long backoff = 100;
            while (!closed) {
                try (Connection c = dataSource.getConnection()) {
                    listenOn(c);
                    backoff = 100;
                } catch (SQLException | RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.warn(
                            "listening for other nodes' signals failed ({}); reconnecting in {} ms",
                            e.getMessage(),
                            backoff);
                    try {
                        TimeUnit.MILLISECONDS.sleep(backoff);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        }

        private void listenOn(Connection c) throws SQLException {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + workChannel);
                s.execute("LISTEN " + settledChannel);
                s.execute("LISTEN " + cancelChannel);
            }
            try {
                onWork.run(); // whatever was signalled while not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] signals = pg.getNotifications(250);
                    if (signals == null) {
                        continue;
                    }
                    boolean work = false;
                    for (PGNotification n : signals) {
                        if (n.getName().equals(workChannel)) {
                            work = true;
                        } else if (n.getName().equals(settledChannel)) {
                            deliver(onSettled, n.getParameter());
                        } else if (n.getName().equals(cancelChannel)) {
                            deliver(onCancel, n.getParameter());
                        }
                    }
                    if (work) {
                        onWork.run();
                    }
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("UNLISTEN *");
                } catch (SQLException e) {
                    LOG.debug("UNLISTEN failed on a closing connection: {}", e.getMessage());
                }
            }
        }

        private void deliver(Consumer<UUID> to, String payload) {
            UUID id;
            try {
                id = UUID.fromString(payload);
            } catch (IllegalArgumentException e) {
                LOG.debug("ignoring a signal with a bad payload: {}", payload);
                return;
            }
            try {
                to.accept(id);
            } catch (RuntimeException e) {
                LOG.warn("handling a signal for task {} failed: {}", id, e.toString());
            }
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            if (thread != null) {
                thread.join(2_000);
            }
        }
    }
}
