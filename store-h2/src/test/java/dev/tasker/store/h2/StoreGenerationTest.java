package dev.tasker.store.h2;

import static dev.tasker.store.jdbc.SampleRows.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import dev.tasker.store.jdbc.SampleRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation marker beside an H2 file, and when the store raises and checks it (RewoundStoreTest has the engine's view). */
class StoreGenerationTest {
    @TempDir
    Path directory;

    @Test
    void the_marker_is_written_whole_read_back_and_replaced() throws Exception {
        Path marker = directory.resolve("db.tasker-generation");
        UUID store = UUID.randomUUID();
        StoreGeneration.Marker first = new StoreGeneration.Marker(new StoreGeneration.Stamp(store, 7, T0), 1234);
        StoreGeneration.writeMarker(marker, first);
        assertEquals(Optional.of(first), StoreGeneration.readMarker(marker));

        StoreGeneration.Marker second =
                new StoreGeneration.Marker(new StoreGeneration.Stamp(store, 8, T0.plusSeconds(5)), 5678);
        StoreGeneration.writeMarker(marker, second);

        assertEquals(Optional.of(second), StoreGeneration.readMarker(marker));
        try (var files = Files.list(directory)) {
            assertEquals(1, files.count(), "the temporary file was renamed over the marker, nothing left behind");
        }
        assertTrue(Files.readString(marker).contains("generation=8\n"), Files.readString(marker));
    }

    @Test
    void a_missing_marker_is_empty_and_a_damaged_one_is_an_error_naming_it() throws Exception {
        Path marker = directory.resolve("db.tasker-generation");
        assertEquals(Optional.empty(), StoreGeneration.readMarker(marker));

        Files.writeString(marker, "store=not-a-uuid\ngeneration=3\n");

        StoreException e = assertThrows(StoreException.class, () -> StoreGeneration.readMarker(marker));
        assertTrue(e.getMessage().contains("The Tasker generation marker " + marker + " is damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("or delete it to accept the database file as it is"), e.getMessage());
    }

    @Test
    void only_plain_embedded_h2_files_get_a_marker_beside_them() {
        Path db = directory.resolve("tasks");
        assertEquals(Optional.of(db.toAbsolutePath() + ".mv.db"), StoreGeneration.plainFile("jdbc:h2:file:" + db));
        assertEquals(
                Optional.of(db.toAbsolutePath() + ".mv.db"), StoreGeneration.plainFile("jdbc:h2:" + db + ";MODE=x"));
        for (String url : new String[] {
            "jdbc:h2:mem:x",
            "jdbc:h2:tcp://localhost/x",
            "jdbc:h2:nio:" + db,
            "jdbc:h2:fullfs:" + db,
            "jdbc:postgresql://localhost/x",
            "jdbc:h2:zip:" + db + ".zip!/x"
        }) {
            assertEquals(Optional.empty(), StoreGeneration.plainFile(url), url);
            assertEquals(Optional.empty(), StoreGeneration.inspect(url, null, null), url);
        }
        assertEquals(
                directory.resolve("tasks.tasker-generation"),
                StoreGeneration.markerOf(directory.resolve("tasks.mv.db")));
    }

    @Test
    void the_read_only_look_drops_settings_that_write_or_keep_the_database_open() {
        assertEquals(
                "jdbc:h2:file:/x/db;MODE=PostgreSQL;ACCESS_MODE_DATA=r;IFEXISTS=TRUE;DB_CLOSE_DELAY=0",
                StoreGeneration.readOnlyUrl("jdbc:h2:file:/x/db;AUTO_SERVER=TRUE;MODE=PostgreSQL;WRITE_DELAY=0"
                        + ";DB_CLOSE_DELAY=-1;INIT=CREATE SCHEMA IF NOT EXISTS s;ACCESS_MODE_DATA=rw"));
    }

    @Test
    void the_store_raises_the_generation_at_open_after_writes_and_at_close_and_not_when_idle() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("db");
        Path marker = directory.resolve("db.tasker-generation");
        UUID storeId;
        try (WorkflowStore store = open(url)) {
            StoreGeneration.Stamp opened =
                    StoreGeneration.readMarker(marker).orElseThrow().stamp();
            storeId = opened.storeId();
            assertEquals(1, opened.generation(), "stamped at the first open");

            store.maintain();
            assertEquals(1, generation(marker), "nothing written: nothing raised");

            store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
            store.maintain();
            assertEquals(2, generation(marker), "raised by the maintenance pass after a write");

            store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
        }
        assertEquals(3, generation(marker), "raised at close after a write");
        try (WorkflowStore store = open(url)) {
            assertEquals(4, generation(marker), "raised at open");
            assertEquals(
                    storeId,
                    StoreGeneration.readMarker(marker).orElseThrow().stamp().storeId(),
                    "same store");
            assertEquals(2, store.unfinishedTaskIds().size());
        }
        assertEquals(4, generation(marker), "an idle close raises nothing");
    }

    @Test
    void an_older_copy_is_refused_before_h2_writes_and_a_deleted_marker_accepts_it() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("db") + ";DB_CLOSE_DELAY=-1";
        Path db = directory.resolve("db.mv.db");
        Path older = directory.resolve("older.mv.db");
        try (WorkflowStore store = open(url)) {
            store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
        }
        closeDatabase(url);
        Files.copy(db, older);
        try (WorkflowStore store = open(url)) {
            store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
        }
        closeDatabase(url);
        Files.copy(older, db, StandardCopyOption.REPLACE_EXISTING);
        byte[] before = Files.readAllBytes(db);

        StoreException e = assertThrows(StoreException.class, () -> open(url));

        assertTrue(
                e.getMessage()
                        .startsWith("Refusing to open the Tasker store " + db.toAbsolutePath()
                                + ": it went back in time: the file holds generation 2 (reached "),
                e.getMessage());
        assertTrue(e.getMessage().contains("but the last generation this store reached is 4 (at "), e.getMessage());
        assertTrue(e.getMessage().contains("; the file holds 1 task(s). The file was left untouched."), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("delete the marker file "
                                + directory.resolve("db.tasker-generation").toAbsolutePath()),
                e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(db)), "byte-identical");

        Files.delete(directory.resolve("db.tasker-generation"));
        try (WorkflowStore store =
                open(url)) { // DB_CLOSE_DELAY=-1 in the URL: the read-only look left no database behind
            assertEquals(1, store.unfinishedTaskIds().size());
            store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
        }
        closeDatabase(url);
    }

    @Test
    void an_application_data_source_on_a_rolled_back_file_is_refused_before_the_migrations() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("app");
        Path db = directory.resolve("app.mv.db");
        open(url).close();
        Path older = Files.copy(db, directory.resolve("older.mv.db"));
        try (WorkflowStore store = open(url)) {
            store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
        }
        Files.copy(older, db, StandardCopyOption.REPLACE_EXISTING);

        try (HikariDataSource application = new HikariDataSource()) {
            application.setJdbcUrl(url);
            StoreException e = assertThrows(
                    StoreException.class,
                    () -> new JdbcWorkflowStoreProvider()
                            .open(new StoreConfig(application, null, null, null, 1, null)));
            assertTrue(e.getMessage().contains("the file holds generation 1 (reached"), e.getMessage());
            assertTrue(e.getMessage().contains("H2 had opened the file for writing already"), e.getMessage());
        }
    }

    @Test
    void a_file_h2_cannot_read_is_refused_even_without_a_marker_and_left_untouched() throws Exception {
        Path db = directory.resolve("junk.mv.db");
        byte[] junk = new byte[1 << 20];
        new Random(42).nextBytes(junk);
        Files.write(db, junk);

        StoreException e = assertThrows(StoreException.class, () -> open("jdbc:h2:file:" + directory.resolve("junk")));

        assertTrue(e.getMessage().contains("H2 cannot read it even read-only"), e.getMessage());
        assertTrue(e.getMessage().contains("run org.h2.tools.Recover on a copy"), e.getMessage());
        assertTrue(java.util.Arrays.equals(junk, Files.readAllBytes(db)), "byte-identical");
        assertFalse(Files.exists(directory.resolve("junk.tasker-generation")));
    }

    @Test
    void a_second_store_on_a_file_this_jvm_has_open_opens_and_writes() {
        String url = "jdbc:h2:file:" + directory.resolve("shared");
        try (WorkflowStore first = open(url);
                WorkflowStore second = open(url)) {
            second.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
            assertEquals(1, first.unfinishedTaskIds().size());
        }
        try (WorkflowStore again = open(url + ";AUTO_SERVER=TRUE");
                WorkflowStore other = open(url + ";AUTO_SERVER=TRUE")) {
            other.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
            assertEquals(2, again.unfinishedTaskIds().size());
        }
    }

    @Test
    void an_in_memory_store_writes_no_marker() throws Exception {
        try (WorkflowStore store = open("jdbc:h2:mem:" + UUID.randomUUID())) {
            store.apply(new WriteBatch().insertTask(SampleRows.task(UUID.randomUUID(), T0)));
            store.maintain();
        }
        try (var files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
    }

    private static long generation(Path marker) {
        return StoreGeneration.readMarker(marker).orElseThrow().stamp().generation();
    }

    /** Closes a database the URL keeps open (DB_CLOSE_DELAY=-1) so that its file can be copied. */
    private static void closeDatabase(String url) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private static WorkflowStore open(String url) {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 2, null));
    }
}
