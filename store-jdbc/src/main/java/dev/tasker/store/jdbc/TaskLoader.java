package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.CheckpointRow;
import dev.tasker.engine.store.spi.EdgeRow;
import dev.tasker.engine.store.spi.SignalRow;
import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.TaskLinkRow;
import dev.tasker.engine.store.spi.TaskRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Loads whole tasks for recovery in bulk: per chunk of up to {@link IdChunks#MAX} ids, five queries
 * (tasks, steps with their results, edges, checkpoints, signals) with {@code task_id IN (...)}, in one read transaction,
 * instead of five queries per task.
 */
final class TaskLoader {
    private final Jdbc jdbc;

    TaskLoader(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored tasks among the ids, in the order the ids were given; missing ids are skipped. */
    List<StoredTask> load(Collection<UUID> taskIds) {
        Map<UUID, StoredTask> loaded = new HashMap<>();
        for (List<UUID> chunk : IdChunks.of(taskIds)) {
            jdbc.inTransaction("load " + chunk.size() + " tasks", c -> loadChunk(c, chunk))
                    .forEach(task -> loaded.put(task.task().taskId(), task));
        }
        return taskIds.stream()
                .distinct()
                .map(loaded::get)
                .filter(Objects::nonNull)
                .toList();
    }

    private List<StoredTask> loadChunk(Connection c, List<UUID> ids) throws SQLException {
        String where = " WHERE task_id IN (" + IdChunks.placeholders(ids.size()) + ")";
        Jdbc.Binder binder = IdChunks.binder(ids);
        List<TaskRow> tasks = jdbc.query(c, TaskTable.TABLE.select() + where, binder, TaskTable::read);
        List<StepResultRow> resultRows = new ArrayList<>();
        Map<UUID, List<StepRow>> steps = byTask(
                jdbc.query(c, StepTable.SELECT_WITH_RESULT + where + " ORDER BY created_at, step_id", binder, row -> {
                    StepResultRow result = StepTable.readResult(row);
                    if (result != null) {
                        resultRows.add(result);
                    }
                    return StepTable.read(row);
                }),
                StepRow::taskId);
        Map<UUID, List<EdgeRow>> edges = byTask(
                jdbc.query(
                        c,
                        EdgeTable.TABLE.select() + where + " ORDER BY from_step_id, to_step_id, name",
                        binder,
                        EdgeTable::read),
                EdgeRow::taskId);
        Map<UUID, List<StepResultRow>> results = byTask(resultRows, StepResultRow::taskId);
        Map<UUID, List<CheckpointRow>> checkpoints = byTask(
                jdbc.query(
                        c, CheckpointTable.TABLE.select() + where + " ORDER BY step_id", binder, CheckpointTable::read),
                CheckpointRow::taskId);
        Map<UUID, List<SignalRow>> signals = byTask(
                jdbc.query(c, SignalTable.TABLE.select() + where + " ORDER BY step_name", binder, SignalTable::read),
                SignalRow::taskId);
        Map<UUID, List<TaskLinkRow>> links = new HashMap<>();
        String linkWhere = " WHERE child_task_id IN (" + IdChunks.placeholders(ids.size()) + ") OR parent_task_id IN ("
                + IdChunks.placeholders(ids.size()) + ")";
        java.util.Set<UUID> wanted = new java.util.HashSet<>(ids);
        for (TaskLinkRow link : jdbc.query(
                c,
                SignalTable.LINKS.select() + linkWhere + " ORDER BY created_at, child_task_id",
                p -> {
                    binder.bind(p);
                    binder.bind(p);
                },
                SignalTable::readLink)) {
            if (wanted.contains(link.childTaskId())) {
                links.computeIfAbsent(link.childTaskId(), k -> new ArrayList<>())
                        .add(link);
            }
            if (wanted.contains(link.parentTaskId())) {
                links.computeIfAbsent(link.parentTaskId(), k -> new ArrayList<>())
                        .add(link);
            }
        }
        List<StoredTask> stored = new ArrayList<>(tasks.size());
        for (TaskRow task : tasks) {
            UUID id = task.taskId();
            stored.add(new StoredTask(
                    task,
                    steps.getOrDefault(id, List.of()),
                    edges.getOrDefault(id, List.of()),
                    results.getOrDefault(id, List.of()),
                    checkpoints.getOrDefault(id, List.of()),
                    signals.getOrDefault(id, List.of()),
                    links.getOrDefault(id, List.of())));
        }
        return stored;
    }

    private static <R> Map<UUID, List<R>> byTask(List<R> rows, Function<R, UUID> taskId) {
        return rows.stream().collect(Collectors.groupingBy(taskId));
    }
}
