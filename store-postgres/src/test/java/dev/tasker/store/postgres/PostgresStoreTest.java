package dev.tasker.store.postgres;

import static dev.tasker.store.jdbc.SampleRows.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.JdbcWorkflowStore;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import dev.tasker.store.jdbc.SampleRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the PostgreSQL dialect does on a real server (the one {@code TASKER_TEST_POSTGRES_URL} names, a
 * fresh schema per test): the start line, durability settings, SKIP LOCKED, concurrent migrations, and
 * the failures an operator meets first.
 */
class PostgresStoreTest {
    @RegisterExtension
    final PostgresStoreExtension database = new PostgresStoreExtension();

    @Test
    void a_store_opened_with_a_url_says_postgresql_in_its_start_line() {
        try (WorkflowStore store = open(database.url())) {
            assertTrue(
                    store.describe()
                            .matches(
                                    "PostgreSQL \\d+\\.\\S+ .*, dialect postgresql, schema V"
                                            + SampleRows.newestVersion(new PostgresDialect()) + ", "
                                            + "jdbc:postgresql:.*currentSchema=tasker_test_\\w+, pool 'tasker' of 3 connections"),
                    store.describe());
            assertEquals("postgresql", ((JdbcWorkflowStore) store).dialect().name());
        }
    }

    @Test
    void sessions_with_synchronous_commit_off_are_flagged_not_durable_in_the_start_line() {
        String lazy = PostgresStoreExtension.withParameter(database.url(), "options", "-c%20synchronous_commit%3Doff");
        try (WorkflowStore store = open(lazy)) {
            assertTrue(
                    store.describe()
                            .endsWith(", NOT DURABLE: PostgreSQL synchronous_commit is off, so the commits"
                                    + " of the last moments (up to 3 x wal_writer_delay) are lost if the server crashes; set it to on"
                                    + " for the store's user or database"),
                    store.describe());
        }
        try (WorkflowStore store = open(database.url())) {
            assertFalse(store.describe().contains("NOT DURABLE"), store.describe());
        }
    }

    @Test
    void skip_locked_is_supported_as_the_flag_says() throws SQLException {
        UUID taskId = UUID.randomUUID();
        database.store()
                .apply(new WriteBatch()
                        .insertTask(SampleRows.task(taskId, T0))
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

    @Test
    void engines_opening_one_new_schema_together_apply_each_migration_once() throws Exception {
        int engines = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<WorkflowStore>> opened = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(engines);
        List<WorkflowStore> stores = new ArrayList<>();
        try {
            for (int i = 0; i < engines; i++) {
                opened.add(threads.submit(() -> {
                    start.await();
                    return open(database.url());
                }));
            }
            start.countDown();
            for (Future<WorkflowStore> store : opened) {
                stores.add(store.get(60, TimeUnit.SECONDS));
            }
            try (Connection c = database.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery(
                            "SELECT version, COUNT(*) FROM tasker_schema_version GROUP BY version ORDER BY version")) {
                for (int version : SampleRows.knownVersions(new PostgresDialect())) {
                    assertTrue(rows.next(), "version " + version + " recorded");
                    assertEquals(version, rows.getInt(1));
                    assertEquals(1, rows.getInt(2), "version " + version + " recorded once");
                }
                assertFalse(rows.next());
            }
            stores.get(engines - 1).apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
            assertEquals(1, stores.get(0).unfinishedTaskIds().size());
        } finally {
            stores.forEach(WorkflowStore::close);
            threads.shutdownNow();
        }
    }

    @Test
    void an_unknown_user_is_refused_in_the_servers_words() {
        String url = withUser(database.serverUrl(), "tasker_no_such_role");
        StoreException e = assertThrows(StoreException.class, () -> open(url));
        assertTrue(
                e.getMessage()
                        .startsWith("Could not open the database " + url + ": PostgreSQL at "
                                + PostgresDialect.address(url).orElseThrow() + " refused the login (FATAL: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("tasker_no_such_role"), e.getMessage());
    }

    @Test
    void a_missing_database_is_named() {
        String url = database.serverUrl().replaceFirst("(//[^/?]+)/?[^?]*", "$1/tasker_no_such_database");
        StoreException e = assertThrows(StoreException.class, () -> open(url));
        assertTrue(
                e.getMessage()
                        .startsWith("Could not open the database " + url + ": the database"
                                + " 'tasker_no_such_database' does not exist on PostgreSQL at "
                                + PostgresDialect.address(url).orElseThrow() + " (create it with CREATE DATABASE"),
                e.getMessage());
    }

    @Test
    void a_missing_schema_is_explained() {
        String url =
                PostgresStoreExtension.withParameter(database.serverUrl(), "currentSchema", "tasker_no_such_schema");
        StoreException e = assertThrows(StoreException.class, () -> open(url));
        assertTrue(
                e.getMessage()
                        .startsWith("Could not create the table tasker_schema_version: the schema to create"
                                + " the tables in does not exist on PostgreSQL at "),
                e.getMessage());
    }

    @Test
    void the_writers_plan_settings_stay_on_its_own_connection_and_are_undone_when_it_goes_back() throws SQLException {
        // The application's pool of 4: the store holds one connection for its writer (where nodes share the database).
        WorkflowStore store = database.store();
        long epoch = store.nodes()
                .orElseThrow()
                .join("n1", java.time.Duration.ofSeconds(30))
                .epoch();
        UUID taskId = UUID.randomUUID();
        store.apply(new WriteBatch().fence("n1", epoch).insertTask(SampleRows.task(taskId, T0)));
        assertTrue(store.findTask(taskId).isPresent());
        assertEquals(List.of("on", "on", "on"), settingsOfEveryIdleConnection(3), "the pool's readers plan as usual");
        store.close();
        assertEquals(
                List.of("on", "on", "on", "on"),
                settingsOfEveryIdleConnection(4),
                "the writer's connection came back with enable_seqscan reset");
    }

    /** {@code enable_seqscan} of {@code n} connections borrowed at once from the test's pool. */
    private List<String> settingsOfEveryIdleConnection(int n) throws SQLException {
        List<Connection> borrowed = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = database.dataSource().getConnection();
                borrowed.add(c);
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT current_setting('enable_seqscan')")) {
                    r.next();
                    settings.add(r.getString(1));
                }
            }
        } finally {
            for (Connection c : borrowed) {
                c.close();
            }
        }
        return settings;
    }

    private static WorkflowStore open(String url) {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 3, null));
    }

    /** The URL with its {@code user=} parameter replaced (or added). */
    private static String withUser(String url, String user) {
        return url.matches(".*[?&]user=.*")
                ? url.replaceFirst("([?&])user=[^&]*", "$1user=" + user)
                : PostgresStoreExtension.withParameter(url, "user", user);
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
