package dev.tasker.store.jdbc;

import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.PurgeRequest;
import dev.tasker.engine.store.spi.TemplateUse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Deletes finished tasks with every row that references them (retention), and counts what it would delete.
 * One batch is one transaction: the candidate tasks are selected (on a database shared by several engines,
 * locked with {@code FOR UPDATE SKIP LOCKED}, so that two purgers take different tasks), then their rows are
 * deleted table by table, children first, and each table's count is what its DELETE reported: a task deleted
 * meanwhile by another purger counts zero here, so nothing is counted twice.
 */
final class Purger {
    private static final String TERMINAL = Arrays.stream(TaskState.values())
            .filter(TaskState::isTerminal)
            .map(s -> "'" + s.wireName() + "'")
            .collect(Collectors.joining(", "));

    /** The extra condition per table, beyond {@code task_id IN (...)}; tables absent here need none. */
    private static final Map<String, String> ONLY = Map.of(
            "tasker_dlq",
            " AND resolution_status <> 'pending'",
            "tasker_event_outbox",
            " AND delivered_at IS NOT NULL");

    private final Jdbc jdbc;
    private final boolean skipLocked;

    Purger(Jdbc jdbc, boolean skipLocked) {
        this.jdbc = jdbc;
        this.skipLocked = skipLocked;
    }

    /** One batch, deleted in one transaction; the rows deleted per table. */
    Map<String, Long> purge(PurgeRequest request) {
        return jdbc.inTransaction("purge finished tasks", c -> {
            List<UUID> ids = jdbc.query(
                    c,
                    "SELECT t.task_id FROM tasker_tasks t" + where(request) + " ORDER BY t.completed_at, t.task_id"
                            + " FETCH FIRST ? ROWS ONLY" + (skipLocked ? " FOR UPDATE SKIP LOCKED" : ""),
                    p -> {
                        bind(p, request);
                        p.integer(request.maxTasks());
                    },
                    row -> row.uuid("task_id"));
            Map<String, Long> counts = zero();
            if (!ids.isEmpty()) {
                for (List<UUID> chunk : IdChunks.of(ids)) {
                    delete(c, chunk, request, counts);
                }
            }
            return counts;
        });
    }

    private void delete(Connection c, List<UUID> chunk, PurgeRequest request, Map<String, Long> counts)
            throws SQLException {
        String in = " WHERE task_id IN (" + IdChunks.placeholders(chunk.size()) + ")";
        List<String> children = new ArrayList<>(PurgeRequest.TABLES);
        children.remove("tasker_tasks");
        for (String table : children) {
            int n = jdbc.update(c, "DELETE FROM " + table + in + ONLY.getOrDefault(table, ""), IdChunks.binder(chunk));
            counts.merge(table, (long) n, Long::sum);
        }
        // Guarded like the selection, in case the task changed since (an operator's retry on a node that does not
        // lock): such a task stays, and its rows deleted above are only finished history.
        int tasks = jdbc.update(
                c, "DELETE FROM tasker_tasks" + in + " AND state IN (" + TERMINAL + ") AND completed_at < ?", p -> {
                    for (UUID id : chunk) {
                        p.uuid(id);
                    }
                    p.instant(request.finishedBefore());
                });
        counts.merge("tasker_tasks", (long) tasks, Long::sum);
    }

    /** What a purge would delete now, all batches together. */
    Map<String, Long> count(PurgeRequest request) {
        return jdbc.inTransaction("count the purgeable finished tasks", c -> {
            Map<String, Long> counts = zero();
            String candidates = "SELECT t.task_id FROM tasker_tasks t" + where(request);
            for (String table : PurgeRequest.TABLES) {
                String sql = "SELECT COUNT(*) AS n FROM " + table + " WHERE task_id IN (" + candidates + ")"
                        + ONLY.getOrDefault(table, "");
                List<Long> n = jdbc.query(c, sql, p -> bind(p, request), row -> row.longValue("n"));
                counts.put(table, n.isEmpty() ? 0L : n.get(0));
            }
            return counts;
        });
    }

    /** Template versions of unfinished tasks, with their count and the oldest few ids. */
    List<TemplateUse> unfinishedUses(int examples) {
        return jdbc.inTransaction("list the template versions of unfinished tasks", c -> {
            record Use(String namespace, String name, String version, long tasks) {}
            List<Use> uses = jdbc.query(
                    c,
                    "SELECT namespace, name, version, COUNT(*) AS n FROM tasker_tasks WHERE state NOT IN (" + TERMINAL
                            + ") GROUP BY namespace, name, version ORDER BY namespace, name, version",
                    Jdbc.NO_PARAMETERS,
                    row -> new Use(row.text("namespace"), row.text("name"), row.text("version"), row.longValue("n")));
            List<TemplateUse> out = new ArrayList<>(uses.size());
            for (Use u : uses) {
                List<UUID> ids = jdbc.query(
                        c,
                        "SELECT task_id FROM tasker_tasks WHERE namespace = ? AND name = ? AND version = ? AND state"
                                + " NOT IN (" + TERMINAL + ") ORDER BY created_at, task_id FETCH FIRST ? ROWS ONLY",
                        p -> p.text(u.namespace())
                                .text(u.name())
                                .text(u.version())
                                .integer(examples),
                        row -> row.uuid("task_id"));
                out.add(new TemplateUse(u.namespace(), u.name(), u.version(), u.tasks(), ids));
            }
            return out;
        });
    }

    private static String where(PurgeRequest r) {
        StringBuilder sql = new StringBuilder(" WHERE t.state IN (" + TERMINAL + ") AND t.completed_at < ?");
        if (r.namespace() != null) {
            sql.append(" AND t.namespace = ?");
        }
        if (!r.exceptNamespaces().isEmpty()) {
            sql.append(" AND t.namespace NOT IN (")
                    .append(IdChunks.placeholders(r.exceptNamespaces().size()))
                    .append(')');
        }
        sql.append(" AND NOT EXISTS (SELECT 1 FROM tasker_dlq d WHERE d.pending_task_id = t.task_id)");
        sql.append(" AND NOT EXISTS (SELECT 1 FROM tasker_event_outbox o WHERE o.task_id = t.task_id"
                + " AND o.delivered_at IS NULL)");
        return sql.toString();
    }

    private static void bind(Parameters p, PurgeRequest r) throws SQLException {
        p.instant(r.finishedBefore());
        if (r.namespace() != null) {
            p.text(r.namespace());
        }
        for (String ns : r.exceptNamespaces().stream().sorted().toList()) {
            p.text(ns);
        }
    }

    private static Map<String, Long> zero() {
        Map<String, Long> counts = new LinkedHashMap<>();
        PurgeRequest.TABLES.forEach(t -> counts.put(t, 0L));
        return counts;
    }
}
