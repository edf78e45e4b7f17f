package dev.tasker.store.jdbc;

import java.util.Collections;
import java.util.List;

/**
 * A table's name and the columns the store writes and reads, in parameter order; the portable
 * statements are built from them once, the dialect's upserts through {@link SqlDialect}.
 */
record Table(String name, List<String> columns) {
    Table {
        columns = List.copyOf(columns);
    }

    Table(String name, String... columns) {
        this(name, List.of(columns));
    }

    String insert() {
        return "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    /** {@code SELECT <columns> FROM <name>}, to which callers add their WHERE and ORDER BY. */
    String select() {
        return "SELECT " + String.join(", ", columns) + " FROM " + name;
    }

    String upsert(SqlDialect dialect, String... keyColumns) {
        return dialect.upsert(name, List.of(keyColumns), columns);
    }

    String insertUnlessExists(SqlDialect dialect, String... keyColumns) {
        return dialect.insertUnlessExists(name, List.of(keyColumns), columns);
    }
}
