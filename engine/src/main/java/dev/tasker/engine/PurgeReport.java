package dev.tasker.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a purge of finished tasks deleted (or, for a dry run, would delete): the tasks, and the rows per table.
 *
 * @param tasks the tasks deleted
 * @param rowsByTable rows deleted per table ({@code tasker_tasks}, {@code tasker_steps}, ...), in a fixed order,
 *     every table present (zero when none)
 * @param dryRun true when nothing was deleted: the counts are what a purge would delete now
 */
public record PurgeReport(long tasks, Map<String, Long> rowsByTable, boolean dryRun) {
    /** Copies the counts, keeping their order. */
    public PurgeReport {
        rowsByTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsByTable));
    }

    /** Rows of every table together. */
    public long totalRows() {
        return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The rows of one table (zero when none). */
    public long rows(String table) {
        return rowsByTable.getOrDefault(table, 0L);
    }
}
