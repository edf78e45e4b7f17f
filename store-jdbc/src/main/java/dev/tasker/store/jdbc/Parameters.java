package dev.tasker.store.jdbc;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Binds a statement's parameters left to right, through the dialect's type hooks. */
public final class Parameters {
    private final PreparedStatement statement;
    private final SqlDialect dialect;
    private int index = 1;

    Parameters(PreparedStatement statement, SqlDialect dialect) {
        this.statement = statement;
        this.dialect = dialect;
    }

    public Parameters uuid(UUID value) throws SQLException {
        dialect.setUuid(statement, index++, value);
        return this;
    }

    /** A SQL array of UUIDs (PostgreSQL {@code uuid[]}), for {@code = ANY (?)}. */
    public Parameters uuidArray(java.util.Collection<UUID> values) throws SQLException {
        java.sql.Array array = statement.getConnection().createArrayOf("uuid", values.toArray());
        statement.setArray(index++, array);
        return this;
    }

    public Parameters text(String value) throws SQLException {
        statement.setString(index++, value == null ? null : dialect.storableText(value));
        return this;
    }

    /** The state's stored name, or SQL NULL. */
    public Parameters state(TaskState value) throws SQLException {
        return text(value == null ? null : value.wireName());
    }

    /** The state's stored name, or SQL NULL. */
    public Parameters state(StepState value) throws SQLException {
        return text(value == null ? null : value.wireName());
    }

    public Parameters json(String value) throws SQLException {
        dialect.setJson(statement, index++, value == null ? null : dialect.storableJson(value));
        return this;
    }

    public Parameters instant(Instant value) throws SQLException {
        dialect.setInstant(statement, index++, value);
        return this;
    }

    public Parameters integer(int value) throws SQLException {
        statement.setInt(index++, value);
        return this;
    }

    public Parameters longValue(long value) throws SQLException {
        statement.setLong(index++, value);
        return this;
    }

    public Parameters bool(boolean value) throws SQLException {
        statement.setBoolean(index++, value);
        return this;
    }
}
