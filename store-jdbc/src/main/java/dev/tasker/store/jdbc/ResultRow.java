package dev.tasker.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** The current row of a result set, read by column name through the dialect's type hooks. */
public final class ResultRow {
    private final ResultSet rows;
    private final SqlDialect dialect;

    ResultRow(ResultSet rows, SqlDialect dialect) {
        this.rows = rows;
        this.dialect = dialect;
    }

    public UUID uuid(String column) throws SQLException {
        return dialect.getUuid(rows, column);
    }

    public String text(String column) throws SQLException {
        return rows.getString(column);
    }

    public String json(String column) throws SQLException {
        return dialect.getJson(rows, column);
    }

    public Instant instant(String column) throws SQLException {
        return dialect.getInstant(rows, column);
    }

    public int integer(String column) throws SQLException {
        return rows.getInt(column);
    }

    public boolean bool(String column) throws SQLException {
        return rows.getBoolean(column);
    }

    /** A boolean column that may be NULL. */
    public Boolean nullableBool(String column) throws SQLException {
        boolean value = rows.getBoolean(column);
        return rows.wasNull() ? null : value;
    }

    public long longValue(String column) throws SQLException {
        return rows.getLong(column);
    }
}
