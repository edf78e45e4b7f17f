package dev.tasker.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.store.StoreDataException;
import dev.tasker.engine.store.StoreException;
import dev.tasker.store.postgres.PostgresDialect;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** How a driver's failure becomes the store's: classified by SQLState, named by statement, never quoting values. */
class SqlFailuresTest {
    private static final String SECRET = "4111111111111111";
    private static final String INSERT = "INSERT INTO tasker_tasks (task_id, context_json) VALUES (?, ?)";
    private final SqlFailures failures = new SqlFailures(new PostgresDialect(), "jdbc:postgresql://db:5432/t");

    /** What PgJDBC throws when a batch entry is refused: its message quotes the statement with every value. */
    private static SQLException pgBatchFailure(String state) {
        BatchUpdateException batch = new BatchUpdateException(
                "Batch entry 0 INSERT INTO tasker_tasks VALUES (" + "'{\"card_number\": \"" + SECRET
                        + "\"}') was aborted: ERROR: invalid byte sequence",
                state,
                0,
                new int[0]);
        // The server's own message quotes values only for data errors (e.g. "Key (identity_hash)=(...)").
        batch.setNextException(new SQLException(
                state.startsWith("2")
                        ? "ERROR: Detail: Key (x)=(" + SECRET + ")"
                        : "ERROR: terminating connection due to administrator command",
                state));
        return FailedStatement.of(INSERT, batch);
    }

    @Test
    void a_data_error_is_a_store_data_exception_naming_table_operation_and_state_only() {
        StoreException e = failures.translate("apply a write batch of 3 rows", pgBatchFailure("22021"));
        assertInstanceOf(StoreDataException.class, e);
        assertTrue(
                e.getMessage().contains("SQLState 22021") && e.getMessage().contains("statement INSERT tasker_tasks"),
                e.getMessage());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(SECRET), trace.toString());
        assertFalse(trace.toString().contains("Batch entry"), trace.toString());
        assertEquals("22021", ((SQLException) e.getCause()).getSQLState());
    }

    @Test
    void constraint_and_size_failures_are_data_errors_connection_and_lock_failures_are_not() {
        for (String state : new String[] {"23505", "22001", "54000", "22P05"}) {
            assertInstanceOf(StoreDataException.class, failures.translate("write", pgBatchFailure(state)), state);
        }
        for (String state : new String[] {"08006", "57P01", "40001", "55P03", "53100"}) {
            StoreException e = failures.translate("write", pgBatchFailure(state));
            assertEquals(StoreException.class, e.getClass(), state);
            assertFalse(e.getMessage().contains("Batch entry") || e.getMessage().contains(SECRET), e.getMessage());
            assertTrue(e.getMessage().contains("terminating connection"), e.getMessage());
        }
    }

    @Test
    void postgresql_text_gets_nul_replaced_and_json_escapes_kept() {
        PostgresDialect pg = new PostgresDialect();
        assertEquals("a\uFFFDb", pg.storableText("a\u0000b"));
        assertEquals("{\"s\":\"a\\u0000b\"}", pg.storableJson("{\"s\":\"a\\u0000b\"}"));
    }

    @Test
    void a_statement_is_named_by_operation_and_table() {
        assertEquals("INSERT tasker_tasks", FailedStatement.describe(INSERT));
        assertEquals("UPDATE tasker_steps", FailedStatement.describe("update tasker_steps SET state = ?"));
        assertEquals("SELECT tasker_tasks", FailedStatement.describe("SELECT task_id FROM tasker_tasks"));
    }
}
