package dev.tasker.store.jdbc;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.LimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The shared per-key limit holds and rate buckets (schema V10) of a database several nodes share: each call
 * is one short transaction. A hold is taken under the row lock of its key's {@code tasker_limit_keys} row, so
 * that nodes taking holds of one key at the same moment count one after the other. Before counting, the holds
 * of the key that no longer hold anything are deleted: those of a node that is not alive (declared dead, or
 * gone), and those whose holder step (or task) has finished, once past a grace period that covers a hold taken
 * just before its step's start is committed. That is how a dead node's slots come back, without relying on
 * the node that died.
 */
final class JdbcLimitStore implements LimitStore {
    /** How old a hold of a finished holder must be before it is taken back (its step's start may be in flight). */
    static final Duration GRACE = Duration.ofSeconds(30);

    private static final String LIVE_STEP = Arrays.stream(
                    new StepState[] {StepState.PENDING, StepState.WAITING_FOR_RETRY, StepState.IN_PROGRESS})
            .map(s -> "'" + s.wireName() + "'")
            .collect(Collectors.joining(", "));
    private static final String LIVE_TASK = Arrays.stream(TaskState.values())
            .filter(s -> !s.isTerminal() && s != TaskState.BLOCKED_BY_FAILURES)
            .map(s -> "'" + s.wireName() + "'")
            .collect(Collectors.joining(", "));

    private static final String ADD_KEY =
            "INSERT INTO tasker_limit_keys (limit_id, key_value) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String LOCK_KEY =
            "SELECT limit_id FROM tasker_limit_keys WHERE limit_id = ? AND key_value = ? FOR UPDATE";
    private static final String TAKE_BACK = "DELETE FROM tasker_limit_holds h WHERE h.limit_id = ? AND h.key_value = ?"
            + " AND (h.node_id NOT IN (SELECT node_id FROM tasker_nodes WHERE status = 'alive')"
            + " OR (h.taken_at < ? AND NOT EXISTS (SELECT 1 FROM tasker_steps s WHERE s.step_id = h.holder"
            + " AND s.state IN (" + LIVE_STEP + ")) AND NOT EXISTS (SELECT 1 FROM tasker_tasks t"
            + " WHERE t.task_id = h.holder AND t.state IN (" + LIVE_TASK + "))))";
    private static final String HOLDERS = "SELECT holder FROM tasker_limit_holds WHERE limit_id = ? AND key_value = ?";
    private static final String HOLD = "INSERT INTO tasker_limit_holds (limit_id, key_value, holder, node_id, taken_at)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String RELEASE =
            "DELETE FROM tasker_limit_holds WHERE limit_id = ? AND key_value = ? AND holder = ?";
    private static final String ADD_BUCKET =
            "INSERT INTO tasker_rate_buckets (bucket_id, next_at) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String START = "UPDATE tasker_rate_buckets SET next_at = GREATEST(next_at, ?)"
            + " + (? * INTERVAL '1 microsecond') WHERE bucket_id = ? AND next_at <= ?";
    private static final String NEXT = "SELECT next_at FROM tasker_rate_buckets WHERE bucket_id = ?";

    private final Jdbc jdbc;

    JdbcLimitStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean tryHold(String limitId, String key, UUID holder, String nodeId, int max) {
        return jdbc.inTransaction("take a limit hold of " + limitId + "=" + key, c -> {
            jdbc.update(c, ADD_KEY, p -> p.text(limitId).text(key));
            jdbc.query(c, LOCK_KEY, p -> p.text(limitId).text(key), row -> row.text("limit_id"));
            Instant now = Instant.now();
            jdbc.update(c, TAKE_BACK, p -> p.text(limitId).text(key).instant(now.minus(GRACE)));
            List<UUID> holders = jdbc.query(c, HOLDERS, p -> p.text(limitId).text(key), row -> row.uuid("holder"));
            if (holders.contains(holder)) {
                return true;
            }
            if (holders.size() >= max) {
                return false;
            }
            jdbc.update(
                    c,
                    HOLD,
                    p -> p.text(limitId).text(key).uuid(holder).text(nodeId).instant(now));
            return true;
        });
    }

    @Override
    public void release(String limitId, String key, UUID holder) {
        jdbc.inTransaction(
                "release a limit hold of " + limitId + "=" + key,
                c -> jdbc.update(c, RELEASE, p -> p.text(limitId).text(key).uuid(holder)));
    }

    @Override
    public Instant tryStart(String bucketId, Instant now, Duration interval) {
        long micros = Math.max(1, interval.toNanos() / 1_000);
        return jdbc.inTransaction("count a start in rate bucket " + bucketId, c -> {
            jdbc.update(c, ADD_BUCKET, p -> p.text(bucketId).instant(now));
            int started = jdbc.update(
                    c,
                    START,
                    p -> p.instant(now).longValue(micros).text(bucketId).instant(now));
            if (started == 1) {
                return null;
            }
            return jdbc.query(c, NEXT, p -> p.text(bucketId), row -> row.instant("next_at"))
                    .getFirst();
        });
    }

    @Override
    public int holds(String limitId, String key) {
        return jdbc.query("count limit holds", HOLDERS, p -> p.text(limitId).text(key), row -> row.uuid("holder"))
                .size();
    }
}
