package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.StepUpdate;
import dev.tasker.engine.store.spi.TaskUpdate;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The new rows of a write batch, and optionally the node's fence, in ONE statement (PostgreSQL, see
 * {@link SqlDialect#insertsFromArrays()}): one {@code INSERT ... SELECT ... FROM unnest(text[], ...) WITH
 * ORDINALITY ... ORDER BY ordinality} per table, each a data-modifying {@code WITH} item, and the fence's
 * {@code SELECT ... FOR SHARE} as the statement's result. Where the JDBC batches cost one round trip per kind of
 * row and one execution per row on the server, this is one round trip and one execution per commit.
 *
 * <p>Each column travels as a {@code text[]} and is cast to its column's type (read once from
 * {@code information_schema}); the values are those the row binders bind (through the dialect's hooks, so
 * truncated instants and storable text alike), recorded instead of sent. {@code ORDER BY} the ordinality keeps
 * the identity columns (the audits' and the outbox's order) in list order. The sub-statements of one statement
 * see the same snapshot and may run in any order, which is fine here: they only insert new rows into different
 * tables, none of which has a foreign key or trigger; the updates of existing rows run after this statement.
 */
final class ArrayInserts {
    /** A kind of new row: its table and how one row binds (the same binder as the table's plain INSERT). */
    record Kind<R>(Table table, String conflictClause, List<R> rows, Jdbc.RowBinder<R> binder) {}

    private final Map<String, List<String>> typesByTable = new HashMap<>();
    private final Map<String, String> sqlCache = new ConcurrentHashMap<>();
    private final SqlDialect dialect;

    /**
     * Reads the column types of the tables once.
     *
     * @param tables the tables whose rows this writes
     */
    ArrayInserts(Jdbc jdbc, SqlDialect dialect, List<Table> tables) {
        this.dialect = dialect;
        for (Table table : tables) {
            Map<String, String> types = new HashMap<>();
            jdbc.query(
                            "read the column types of " + table.name(),
                            "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema ="
                                    + " current_schema() AND table_name = ?",
                            p -> p.text(table.name()),
                            row -> types.put(row.text("column_name").toLowerCase(Locale.ROOT), row.text("udt_name")))
                    .size();
            List<String> ordered = new ArrayList<>();
            for (String column : table.columns()) {
                String type = types.get(column.toLowerCase(Locale.ROOT));
                if (type == null) {
                    throw new IllegalStateException("the column " + table.name() + "." + column
                            + " is missing from the current schema; is the schema migrated?");
                }
                ordered.add(type);
            }
            typesByTable.put(table.name(), List.copyOf(ordered));
        }
    }

    /**
     * Inserts the rows of every kind that has any, and reads the fence when {@code fenceQuery} is not null, in
     * one statement. Returns the fence's row (epoch, status; nulls when the node has no row) or null without a
     * fence. Does nothing and returns null when there is neither a row nor a fence.
     *
     * @param fenceQuery {@code SELECT epoch, status FROM ... WHERE node_id = ? FOR SHARE}, or null
     */
    Object[] write(Connection c, String fenceQuery, String nodeId, List<Kind<?>> kinds) throws SQLException {
        List<Kind<?>> present = kinds.stream().filter(k -> !k.rows().isEmpty()).toList();
        if (present.isEmpty() && fenceQuery == null) {
            return null;
        }
        String sql = sqlCache.computeIfAbsent(
                tablesKey(new StringBuilder(fenceQuery == null ? "-" : "F"), present), k -> sql(fenceQuery, present));
        Jdbc.markWrote();
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            int index = bindFenceAndRows(c, statement, fenceQuery, nodeId, present);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                return fenceQuery == null ? null : new Object[] {result.getObject(1), result.getString(2)};
            }
        } catch (SQLException e) {
            String table = dialect.failedTable(e)
                    .orElse(String.join(
                            ", ", present.stream().map(k -> k.table().name()).toList()));
            throw FailedStatement.of("INSERT " + table, e);
        }
    }

    private String sql(String fenceQuery, List<Kind<?>> present) {
        StringBuilder sql = new StringBuilder("WITH ");
        sql.append(String.join(", ", fenceAndInsertItems(fenceQuery, present)));
        if (fenceQuery != null) {
            return sql.append(" SELECT fence.epoch, fence.status FROM (SELECT 1) AS one LEFT JOIN fence ON TRUE")
                    .toString();
        }
        return sql.append(" SELECT 1").toString();
    }

    /** The statement cache's key: {@code key} followed by the tables of the kinds present. */
    private static String tablesKey(StringBuilder key, List<Kind<?>> present) {
        for (Kind<?> k : present) {
            key.append('|').append(k.table().name());
        }
        return key.toString();
    }

    /** The fence's {@code WITH} item (when there is a fence), then one insert item per kind present. */
    private List<String> fenceAndInsertItems(String fenceQuery, List<Kind<?>> present) {
        List<String> items = new ArrayList<>();
        if (fenceQuery != null) {
            items.add("fence AS MATERIALIZED (" + fenceQuery + ")");
        }
        insertItems(present, items);
        return items;
    }

    /** Binds the fence's node id (when there is a fence) and the rows' arrays; returns the next parameter index. */
    private int bindFenceAndRows(
            Connection c, PreparedStatement statement, String fenceQuery, String nodeId, List<Kind<?>> present)
            throws SQLException {
        int index = 1;
        if (fenceQuery != null) {
            statement.setString(index++, nodeId);
        }
        for (Kind<?> kind : present) {
            index = bindColumns(c, statement, index, kind);
        }
        return index;
    }

    /** One data-modifying {@code WITH} item per kind, named i0, i1, ... */
    private void insertItems(List<Kind<?>> present, List<String> items) {
        int n = 0;
        for (Kind<?> kind : present) {
            StringBuilder sql = new StringBuilder();
            Table table = kind.table();
            List<String> types = typesByTable.get(table.name());
            List<String> aliases = new ArrayList<>();
            List<String> casts = new ArrayList<>();
            List<String> arrays = new ArrayList<>();
            for (int i = 0; i < table.columns().size(); i++) {
                String alias = "c" + i;
                aliases.add(alias);
                casts.add("CAST(v." + alias + " AS " + types.get(i) + ")");
                arrays.add("CAST(? AS text[])");
            }
            sql.append("i")
                    .append(n++)
                    .append(" AS (INSERT INTO ")
                    .append(table.name())
                    .append(" (")
                    .append(String.join(", ", table.columns()))
                    .append(") SELECT ")
                    .append(String.join(", ", casts))
                    .append(" FROM unnest(")
                    .append(String.join(", ", arrays))
                    .append(") WITH ORDINALITY AS v(")
                    .append(String.join(", ", aliases))
                    .append(", ord) ORDER BY v.ord")
                    .append(kind.conflictClause())
                    .append(")");
            items.add(sql.toString());
        }
    }

    /** Thrown (after the server rolled the statement back) when {@link #writeOnce} found the batch stale or fenced. */
    static final String REFUSED = "tasker: write batch refused";

    /**
     * The whole batch in ONE statement, meant to run in autocommit (its commit is the same round trip): the fence,
     * every new row, and the guarded updates (each row updated at most once, and none inserted by this batch: the
     * sub-statements see one snapshot), whose matched count must equal the number sent. When the fence does not
     * hold or an update matched no row, the statement fails on purpose (a cast of text naming {@link #REFUSED} to
     * int) so that nothing of it commits; the caller then writes the batch again in a transaction, whose checks
     * name what was stale. The notifications (channel, payload) go out with {@code pg_notify}, at the commit.
     *
     * @param fenceQuery {@code SELECT epoch, status FROM ... WHERE node_id = ? FOR SHARE}, or null
     * @param fenceHolds a condition on {@code fence.epoch} and {@code fence.status} with one parameter, the epoch
     */
    void writeOnce(
            Connection c,
            String fenceQuery,
            String fenceHolds,
            String nodeId,
            long epoch,
            List<Kind<?>> kinds,
            ArrayUpdates updates,
            List<TaskUpdate> tasks,
            List<StepUpdate> steps,
            List<String[]> notifications)
            throws SQLException {
        List<Kind<?>> present = kinds.stream().filter(k -> !k.rows().isEmpty()).toList();
        if (present.isEmpty() && fenceQuery == null && tasks.isEmpty() && steps.isEmpty() && notifications.isEmpty()) {
            return;
        }
        StringBuilder key = new StringBuilder(fenceQuery == null ? "O-" : "OF");
        key.append(notifications.isEmpty() ? '-' : 'n');
        key.append(tasks.isEmpty() ? '-' : 't').append(steps.isEmpty() ? '-' : 's');
        String sql = sqlCache.computeIfAbsent(tablesKey(key, present), k -> {
            List<String> items = fenceAndInsertItems(fenceQuery, present);
            String updateItems = ArrayUpdates.withItems(!tasks.isEmpty(), !steps.isEmpty());
            if (!updateItems.isEmpty()) {
                items.add(updateItems);
            }
            if (items.isEmpty()) {
                items.add("none AS (SELECT 1)");
            }
            List<String> holds = new ArrayList<>();
            holds.add(fenceQuery == null ? "TRUE" : "COALESCE(" + fenceHolds + ", FALSE)");
            if (!tasks.isEmpty()) {
                holds.add("(SELECT count(*) FROM t) = CAST(? AS int8)");
            }
            if (!steps.isEmpty()) {
                holds.add("(SELECT count(*) FROM s) = CAST(? AS int8)");
            }
            // clock_timestamp() is volatile: the planner cannot fold the failing cast into a constant and fail.
            return "WITH " + String.join(", ", items) + " SELECT CASE WHEN " + String.join(" AND ", holds)
                    + " THEN 0 ELSE CAST('" + REFUSED + " at ' || clock_timestamp() AS int4) END"
                    + (notifications.isEmpty()
                            ? ""
                            : ", (SELECT count(pg_notify(n.channel, n.payload)) FROM unnest(CAST(? AS text[]),"
                                    + " CAST(? AS text[])) AS n(channel, payload))")
                    + (fenceQuery == null ? "" : " FROM (SELECT 1) AS one LEFT JOIN fence ON TRUE");
        });
        Jdbc.markWrote();
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            int index = bindFenceAndRows(c, statement, fenceQuery, nodeId, present);
            List<Integer> taskIndexes = indexes(tasks.size());
            List<Integer> stepIndexes = indexes(steps.size());
            index = updates.bind(c, statement, index, tasks, taskIndexes, steps, stepIndexes);
            if (fenceQuery != null) {
                statement.setLong(index++, epoch);
            }
            if (!tasks.isEmpty()) {
                statement.setLong(index++, tasks.size());
            }
            if (!steps.isEmpty()) {
                statement.setLong(index++, steps.size());
            }
            if (!notifications.isEmpty()) {
                String[] channels = new String[notifications.size()];
                String[] payloads = new String[notifications.size()];
                for (int i = 0; i < channels.length; i++) {
                    channels[i] = notifications.get(i)[0];
                    payloads[i] = notifications.get(i)[1];
                }
                statement.setArray(index++, c.createArrayOf("text", channels));
                statement.setArray(index, c.createArrayOf("text", payloads));
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
            }
        }
    }

    private static List<Integer> indexes(int n) {
        List<Integer> indexes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            indexes.add(i);
        }
        return indexes;
    }

    /** Binds one text[] per column of the kind's table, each holding that column's value of every row. */
    private <R> int bindColumns(Connection c, PreparedStatement statement, int index, Kind<R> kind)
            throws SQLException {
        int columns = kind.table().columns().size();
        String[][] values = new String[columns][kind.rows().size()];
        Object[] row = new Object[columns];
        PreparedStatement recorder = recorder(row);
        Parameters parameters = null;
        for (int r = 0; r < kind.rows().size(); r++) {
            java.util.Arrays.fill(row, null);
            parameters = new Parameters(recorder, dialect);
            kind.binder().bind(parameters, kind.rows().get(r));
            for (int col = 0; col < columns; col++) {
                values[col][r] = text(row[col]);
            }
        }
        for (int col = 0; col < columns; col++) {
            java.sql.Array array = c.createArrayOf("text", values[col]);
            statement.setArray(index++, array);
        }
        return index;
    }

    /** A value as the text its column's type reads back as the same value. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString(); // ISO 8601 in UTC with seconds and micros: timestamptz reads it
        }
        return value.toString(); // String, UUID, Integer, Long, Boolean
    }

    /** A PreparedStatement that only records what is bound to it, by index. */
    private static PreparedStatement recorder(Object[] row) {
        return (PreparedStatement) Proxy.newProxyInstance(
                ArrayInserts.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i) {
                        row[i - 1] = name.equals("setNull") ? null : args[1];
                        return null;
                    }
                    throw new UnsupportedOperationException(
                            "a row bound for an array insert called " + name + " (only set* is recorded)");
                });
    }
}
