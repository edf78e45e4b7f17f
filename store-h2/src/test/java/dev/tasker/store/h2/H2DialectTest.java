package dev.tasker.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.SampleRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2DialectTest {
    @RegisterExtension
    final H2StoreExtension database = new H2StoreExtension();

    private final H2Dialect dialect = new H2Dialect();

    @Test
    void durable_url_adds_write_delay_0_to_every_url_naming_a_database_file() {
        assertEquals("jdbc:h2:file:/data/tasker;WRITE_DELAY=0", H2Dialect.durableUrl("jdbc:h2:file:/data/tasker"));
        assertEquals(
                "jdbc:h2:./tasker;MODE=PostgreSQL;WRITE_DELAY=0",
                H2Dialect.durableUrl("jdbc:h2:./tasker;MODE=PostgreSQL"));
        assertEquals("jdbc:h2:~/tasker;WRITE_DELAY=0", H2Dialect.durableUrl("jdbc:h2:~/tasker;"));
        assertEquals(
                "jdbc:h2:tcp://db:9092/tasker;WRITE_DELAY=0", H2Dialect.durableUrl("jdbc:h2:tcp://db:9092/tasker"));
    }

    @Test
    void durable_url_keeps_an_explicit_write_delay_and_leaves_other_urls_alone() {
        assertEquals("jdbc:h2:/data/t;write_delay=100", H2Dialect.durableUrl("jdbc:h2:/data/t;write_delay=100"));
        assertEquals("jdbc:h2:mem:t;DB_CLOSE_DELAY=-1", H2Dialect.durableUrl("jdbc:h2:mem:t;DB_CLOSE_DELAY=-1"));
        assertEquals("jdbc:h2:zip:/a.zip!/t", H2Dialect.durableUrl("jdbc:h2:zip:/a.zip!/t"));
        assertEquals("jdbc:postgresql://db/t", H2Dialect.durableUrl("jdbc:postgresql://db/t"));
    }

    @Test
    void the_store_pool_url_is_durable_caches_enough_statements_and_leaves_closing_to_the_engine() {
        assertEquals(
                "jdbc:h2:file:/d/t;WRITE_DELAY=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE",
                dialect.prepareUrl("jdbc:h2:file:/d/t"));
        assertEquals("jdbc:h2:mem:t;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE", dialect.prepareUrl("jdbc:h2:mem:t"));
        assertEquals(
                "jdbc:h2:mem:t;query_cache_size=4;DB_CLOSE_ON_EXIT=FALSE",
                dialect.prepareUrl("jdbc:h2:mem:t;query_cache_size=4"));
        // The application's own choice stands; a server's client does not decide when the server's database closes.
        assertEquals(
                "jdbc:h2:file:/d/t;db_close_on_exit=true;WRITE_DELAY=0;QUERY_CACHE_SIZE=64",
                dialect.prepareUrl("jdbc:h2:file:/d/t;db_close_on_exit=true"));
        assertEquals( // H2 refuses AUTO_SERVER=TRUE with DB_CLOSE_ON_EXIT=FALSE
                "jdbc:h2:file:/d/t;AUTO_SERVER=TRUE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64",
                dialect.prepareUrl("jdbc:h2:file:/d/t;AUTO_SERVER=TRUE"));
        assertEquals(
                "jdbc:h2:tcp://localhost/~/t;WRITE_DELAY=0;QUERY_CACHE_SIZE=64",
                dialect.prepareUrl("jdbc:h2:tcp://localhost/~/t"));
    }

    @Test
    void the_database_file_of_a_url_is_its_absolute_mv_db_path() {
        assertEquals(Optional.of("/data/tasker.mv.db"), H2Dialect.fileOf("jdbc:h2:file:/data/tasker;X=1"));
        assertEquals(
                Optional.of(Path.of("rel/t.mv.db").toAbsolutePath().toString()), H2Dialect.fileOf("jdbc:h2:rel/t"));
        assertEquals(Optional.of(System.getProperty("user.home") + "/t.mv.db"), H2Dialect.fileOf("jdbc:h2:~/t"));
        assertEquals(Optional.of("/data/t.mv.db"), H2Dialect.fileOf("jdbc:h2:split:nio:/data/t"));
        assertEquals(Optional.empty(), H2Dialect.fileOf("jdbc:h2:mem:t"));
        assertEquals(Optional.empty(), H2Dialect.fileOf("jdbc:h2:tcp://db/t"));
    }

    @Test
    void it_serves_h2_by_product_name_and_url_only() {
        assertTrue(dialect.matchesProduct("H2"));
        assertFalse(dialect.matchesProduct("PostgreSQL"));
        assertTrue(dialect.matchesUrl("JDBC:H2:mem:x"));
        assertFalse(dialect.matchesUrl("jdbc:postgresql://db/t"));
    }

    @Test
    void text_is_stored_as_it_is() {
        assertEquals("plain", new H2Dialect().storableText("plain"));
        assertEquals("a\u0000b", new H2Dialect().storableText("a\u0000b"));
    }

    @Test
    void upserts_are_merge_by_key() {
        assertEquals(
                "MERGE INTO t (k, a, b) KEY (k) VALUES (?, ?, ?)",
                dialect.upsert("t", List.of("k"), List.of("k", "a", "b")));
    }

    @Test
    void skip_locked_is_supported_as_the_flag_says() throws SQLException {
        assertTrue(dialect.supportsSkipLocked());
        UUID taskId = UUID.randomUUID();
        database.store()
                .apply(new WriteBatch()
                        .insertTask(SampleRows.task(taskId, SampleRows.T0))
                        .insertStep(SampleRows.step(UUID.randomUUID(), taskId, "a", StepState.PENDING)));
        try (Connection holder = database.dataSource().getConnection();
                Connection claimer = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            claimer.setAutoCommit(false);
            assertEquals(1, claim(holder));
            assertEquals(0, claim(claimer), "the row locked by the other transaction is skipped, not waited for");
            holder.rollback();
            claimer.rollback();
        }
    }

    private static int claim(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT step_id FROM tasker_steps WHERE state = 'pending' FOR UPDATE SKIP LOCKED");
                ResultSet rows = statement.executeQuery()) {
            int claimed = 0;
            while (rows.next()) {
                claimed++;
            }
            return claimed;
        }
    }
}
