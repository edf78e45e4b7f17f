package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.OutboxRow;
import java.sql.SQLException;

/** How durable events map onto {@code tasker_event_outbox} (the id is the table's identity). */
final class OutboxTable {
    static final Table INSERT_COLUMNS = new Table(
            "tasker_event_outbox",
            "event_id",
            "task_id",
            "step_id",
            "event_name",
            "payload",
            "metadata",
            "created_at",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "last_error");
    static final String INSERT = INSERT_COLUMNS.insert();
    static final String DUE = "SELECT id, event_id, task_id, step_id, event_name, payload, metadata, created_at,"
            + " attempts, next_attempt_at, delivered_at, last_error FROM tasker_event_outbox WHERE delivered_at IS NULL"
            + " AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id FETCH FIRST ? ROWS ONLY";
    /**
     * Where several nodes relay one outbox (PostgreSQL): the due rows are taken for a while (their next
     * attempt moved to the first parameter) with SKIP LOCKED, so each event is handed to one node's relay;
     * a node that dies mid-delivery leaves them to be taken again when that time comes.
     */
    static final String CLAIM_DUE = "UPDATE tasker_event_outbox SET next_attempt_at = ? WHERE id IN (SELECT id"
            + " FROM tasker_event_outbox WHERE delivered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
            + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, event_id, task_id, step_id, event_name,"
            + " payload, metadata, created_at, attempts, next_attempt_at, delivered_at, last_error";

    static final String DELIVERED = "UPDATE tasker_event_outbox SET delivered_at = ?, last_error = NULL WHERE id = ?";
    static final String FAILED =
            "UPDATE tasker_event_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?" + " WHERE id = ?";

    private OutboxTable() {}

    static void bind(Parameters p, OutboxRow row) throws SQLException {
        p.uuid(row.eventId())
                .uuid(row.taskId())
                .uuid(row.stepId())
                .text(row.eventName())
                .json(row.payloadJson())
                .json(row.metadataJson())
                .instant(row.createdAt())
                .integer(row.attempts())
                .instant(row.nextAttemptAt())
                .instant(row.deliveredAt())
                .text(row.lastError());
    }

    static OutboxRow read(ResultRow row) throws SQLException {
        return new OutboxRow(
                row.longValue("id"),
                row.uuid("event_id"),
                row.uuid("task_id"),
                row.uuid("step_id"),
                row.text("event_name"),
                row.json("payload"),
                row.json("metadata"),
                row.instant("created_at"),
                row.integer("attempts"),
                row.instant("next_attempt_at"),
                row.instant("delivered_at"),
                row.text("last_error"));
    }
}
