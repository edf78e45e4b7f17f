package dev.tasker.store.jdbc;

import static dev.tasker.store.jdbc.SampleRows.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WorkflowStoreProvider;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.h2.FullDiskFileSystem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening stores: pools, dialect choice, migrations under concurrency, and failures in plain words. */
class JdbcWorkflowStoreProviderTest {
    @TempDir
    Path directory;

    @Test
    void the_engine_finds_the_provider_through_the_service_loader() {
        List<WorkflowStoreProvider> providers = ServiceLoader.load(WorkflowStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(1, providers.size());
        assertInstanceOf(JdbcWorkflowStoreProvider.class, providers.get(0));
    }

    @Test
    void a_store_opened_with_a_url_uses_its_own_pool_and_closes_it() {
        WorkflowStore store = open("jdbc:h2:mem:" + UUID.randomUUID(), null);
        assertTrue(
                store.describe()
                        .matches("H2 2\\.\\S+ .*, dialect h2, schema V"
                                + SampleRows.newestVersion(new dev.tasker.store.h2.H2Dialect()) + ", jdbc:h2:mem:.*,"
                                + " pool 'tasker' of 3 connections"),
                store.describe());
        store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
        store.close();
        StoreException e = assertThrows(StoreException.class, store::unfinishedTaskIds);
        assertTrue(e.getMessage().startsWith("Could not list the unfinished tasks: "), e.getMessage());
    }

    @Test
    void a_store_on_an_application_data_source_leaves_it_open() throws SQLException {
        try (HikariDataSource application = new HikariDataSource()) {
            application.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            WorkflowStore store =
                    new JdbcWorkflowStoreProvider().open(new StoreConfig(application, null, null, null, 1, null));
            assertTrue(store.describe().endsWith(", application DataSource"), store.describe());
            store.close();
            assertFalse(application.isClosed());
            try (Connection c = application.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM tasker_schema_version")) {
                assertTrue(rows.next());
                assertEquals(
                        SampleRows.knownVersions(new dev.tasker.store.h2.H2Dialect())
                                .size(),
                        rows.getInt(1));
            }
        }
    }

    @Test
    void the_pool_of_an_h2_file_database_commits_with_write_delay_0_and_a_larger_statement_cache() throws SQLException {
        String url = "jdbc:h2:file:" + directory.resolve("durable");
        try (WorkflowStore store = open(url, null)) {
            assertTrue(
                    store.describe().contains(url + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE"),
                    store.describe());
            // Same JVM, same file: this connection joins the database the store opened.
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery(
                            "SELECT DISTINCT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                                    + " WHERE SETTING_NAME IN ('WRITE_DELAY', 'QUERY_CACHE_SIZE') ORDER BY 1")) {
                List<String> settings = new ArrayList<>();
                while (rows.next()) {
                    settings.add(rows.getString(1) + "=" + rows.getString(2));
                }
                assertEquals(List.of("QUERY_CACHE_SIZE=64", "WRITE_DELAY=0"), settings);
            }
        }
    }

    @Test
    void an_application_data_source_on_a_lazy_h2_file_is_flagged_not_durable_in_the_start_line() {
        try (HikariDataSource application = new HikariDataSource()) {
            application.setJdbcUrl("jdbc:h2:file:" + directory.resolve("lazy"));
            try (WorkflowStore store =
                    new JdbcWorkflowStoreProvider().open(new StoreConfig(application, null, null, null, 1, null))) {
                assertTrue(
                        store.describe()
                                .endsWith(", application DataSource, NOT DURABLE: H2 WRITE_DELAY is 500 ms,"
                                        + " so commits of the last 500 ms are lost if the process dies; connect with"
                                        + " H2Dialect.durableUrl(url)"),
                        store.describe());
            }
        }
        try (WorkflowStore store = open("jdbc:h2:file:" + directory.resolve("lazy"), null)) {
            assertFalse(store.describe().contains("NOT DURABLE"), store.describe());
        }
    }

    @Test
    void a_forced_dialect_is_used_and_an_unknown_one_is_rejected() {
        try (WorkflowStore store = open("jdbc:h2:mem:" + UUID.randomUUID(), "H2")) {
            assertEquals("h2", ((JdbcWorkflowStore) store).dialect().name());
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> open("jdbc:h2:mem:" + UUID.randomUUID(), "oracle"));
        assertEquals("unknown SQL dialect 'oracle' in the store configuration (known dialects: h2)", e.getMessage());
    }

    @Test
    void a_database_product_without_a_dialect_is_reported() {
        StoreException e =
                assertThrows(StoreException.class, () -> Dialects.onClasspath().choose(null, "Apache Derby"));
        assertEquals("no SQL dialect for the database product 'Apache Derby' (known dialects: h2)", e.getMessage());
    }

    @Test
    void engines_opening_one_new_database_together_apply_each_migration_once() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        int engines = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<WorkflowStore>> opened = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(engines);
        try {
            for (int i = 0; i < engines; i++) {
                opened.add(threads.submit(() -> {
                    start.await();
                    return open(url, null);
                }));
            }
            start.countDown();
            List<WorkflowStore> stores = new ArrayList<>();
            for (Future<WorkflowStore> store : opened) {
                stores.add(store.get(60, TimeUnit.SECONDS));
            }
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery(
                            "SELECT version, COUNT(*) FROM tasker_schema_version GROUP BY version ORDER BY version")) {
                for (int version : SampleRows.knownVersions(new dev.tasker.store.h2.H2Dialect())) {
                    assertTrue(rows.next(), "version " + version + " recorded");
                    assertEquals(version, rows.getInt(1));
                    assertEquals(1, rows.getInt(2), "version " + version + " recorded once");
                }
                assertFalse(rows.next());
                s.execute("SHUTDOWN");
            }
            stores.forEach(WorkflowStore::close);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void a_migration_cut_off_half_way_runs_again_cleanly() throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        List<String> statements =
                Migrations.load(new dev.tasker.store.h2.H2Dialect()).get(0).statements();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (String statement : statements.subList(0, statements.size() / 2)) {
                s.execute(statement); // H2 commits DDL at once, as a killed engine would leave it
            }
            try (WorkflowStore store = open(url, null)) {
                store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
                assertEquals(1, store.unfinishedTaskIds().size());
            }
            try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM tasker_schema_version")) {
                assertTrue(rows.next());
                assertEquals(
                        SampleRows.knownVersions(new dev.tasker.store.h2.H2Dialect())
                                .size(),
                        rows.getInt(1));
            }
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void a_schema_newer_than_this_release_is_refused() throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        open(url, null).close();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO tasker_schema_version VALUES (99, 'future', CURRENT_TIMESTAMP)");
            StoreException e = assertThrows(StoreException.class, () -> open(url, null));
            assertTrue(
                    e.getMessage()
                            .startsWith("The database schema is at version 99, newer than version "
                                    + SampleRows.newestVersion(new dev.tasker.store.h2.H2Dialect()) + ","),
                    e.getMessage());
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void a_missing_h2_file_is_reported_with_its_name() {
        Path missing = directory.resolve("missing");
        StoreException e =
                assertThrows(StoreException.class, () -> open("jdbc:h2:file:" + missing + ";IFEXISTS=TRUE", null));
        assertTrue(
                e.getMessage()
                        .startsWith("Could not open the database jdbc:h2:file:" + missing
                                + ";IFEXISTS=TRUE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE: the H2 database file "
                                + missing
                                + ".mv.db does not exist"),
                e.getMessage());
    }

    @Test
    void a_closed_application_data_source_is_reported_as_what_the_store_was_doing() {
        HikariDataSource application = new HikariDataSource();
        application.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID());
        WorkflowStore store =
                new JdbcWorkflowStoreProvider().open(new StoreConfig(application, null, null, null, 1, null));
        application.close();
        UUID taskId = UUID.randomUUID();
        StoreException e = assertThrows(StoreException.class, () -> store.findTask(taskId));
        assertTrue(e.getMessage().startsWith("Could not find task " + taskId + ": "), e.getMessage());
        assertInstanceOf(SQLException.class, e.getCause());
    }

    @Test
    void a_full_disk_fails_the_batch_with_a_clear_message_and_the_store_reopens_the_file_once_there_is_room() {
        FullDiskFileSystem.register();
        String url = "jdbc:h2:fullfs:" + directory.resolve("full");
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        try (WorkflowStore store = open(url, null)) {
            store.apply(new WriteBatch().insertTask(SampleRows.task(before, T0)));
            FullDiskFileSystem.fill();
            StoreException e = assertThrows(
                    StoreException.class,
                    () -> store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0))));
            assertTrue(
                    e.getMessage()
                            .startsWith("Could not apply a write batch of 1 rows: the disk holding the"
                                    + " database file "),
                    e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains(directory.resolve("full") + ".mv.db is full (free space there: the store"
                                    + " reopens the file by itself)"),
                    e.getMessage());
            // H2 closed the database: while the disk stays full every write fails, saying why.
            StoreException again = assertThrows(
                    StoreException.class,
                    () -> store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0))));
            assertTrue(again.getMessage().contains("is full"), again.getMessage());

            FullDiskFileSystem.free();
            // No restart: the store tries to open the file again once a second, and refuses at once between tries.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(100))
                    .ignoreException(StoreException.class)
                    .until(() -> {
                        store.apply(new WriteBatch().insertTask(SampleRows.task(after, T0)));
                        return true;
                    });
            assertEquals(
                    List.of(before, after),
                    store.unfinishedTaskIds().stream()
                            .sorted(java.util.Comparator.comparing(id -> id.equals(before) ? 0 : 1))
                            .toList());
        } finally {
            FullDiskFileSystem.free();
        }
        try (WorkflowStore reopened = open(url, null)) {
            assertEquals(2, reopened.unfinishedTaskIds().size(), "what was acknowledged, nothing else");
            assertTrue(reopened.findTask(before).isPresent()
                    && reopened.findTask(after).isPresent());
        }
    }

    @Test
    void the_start_line_never_shows_a_password() {
        assertEquals(
                "jdbc:postgresql://db:5432/tasker?user=app&password=***&ssl=true",
                JdbcWorkflowStoreProvider.withoutPassword(
                        "jdbc:postgresql://db:5432/tasker?user=app&password=s3cret&ssl=true"));
        assertEquals(
                "jdbc:postgresql://app:***@db/tasker",
                JdbcWorkflowStoreProvider.withoutPassword("jdbc:postgresql://app:s3cret@db/tasker"));
        assertEquals(
                "jdbc:h2:file:./t;USER=sa;PASSWORD=***;WRITE_DELAY=0",
                JdbcWorkflowStoreProvider.withoutPassword("jdbc:h2:file:./t;USER=sa;PASSWORD=pw;WRITE_DELAY=0"));
    }

    @Test
    void a_store_opened_without_migrations_refuses_a_database_without_the_schema_and_creates_nothing()
            throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection keep = DriverManager.getConnection(url)) {
            StoreException e = assertThrows(StoreException.class, () -> openToRead(url));
            assertTrue(e.getMessage().startsWith("no Tasker schema at jdbc:h2:mem:"), e.getMessage());
            assertEquals(0, tables(keep), "nothing was created");

            open(url, null).close(); // an engine's store creates the schema
            int created = tables(keep);
            try (WorkflowStore store = openToRead(url)) {
                assertTrue(store.unfinishedTaskIds().isEmpty());
            }
            assertEquals(created, tables(keep));

            try (Statement s = keep.createStatement()) {
                s.execute("DELETE FROM tasker_schema_version WHERE version = (SELECT MAX(version) FROM"
                        + " tasker_schema_version)");
            }
            StoreException old = assertThrows(StoreException.class, () -> openToRead(url));
            assertTrue(old.getMessage().contains("start the application with this release once"), old.getMessage());
        }
    }

    private static WorkflowStore openToRead(String url) {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 2, null, false));
    }

    private static int tables(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static WorkflowStore open(String url, String dialect) {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 3, dialect));
    }
}
