package dev.tasker.store.h2;

import static dev.tasker.store.h2.ChildJvm.PATIENCE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import dev.tasker.store.jdbc.SampleRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 databases shared with other JVMs: what a kill -9 keeps, what a locked file says, racing migrations. */
class H2FileStoreTest {
    @TempDir
    Path directory;

    @Test
    void every_commit_acknowledged_before_a_sigkill_is_in_the_file() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("tasker");
        List<Integer> acknowledged;
        try (ChildJvm child = ChildJvm.start(directory.resolve("child.log"), "commit", url, "1000000")) {
            await().atMost(PATIENCE).until(() -> child.lines().size() >= 200);
            child.kill();
            assertEquals(137, child.awaitExit(), "expected death by SIGKILL (128 + 9)");
            // Lines still in the pipe at the kill were printed after their commit too.
            acknowledged = child.lines().stream().map(Integer::parseInt).toList();
        }
        assertTrue(acknowledged.size() >= 200, acknowledged.size() + " lines");

        try (WorkflowStore store = open(url)) {
            List<Integer> lost = acknowledged.stream()
                    .filter(i -> store.findTask(StoreChildProcess.taskOf(i)).isEmpty())
                    .toList();
            assertEquals(List.of(), lost, "acknowledged commits missing after kill -9 of " + acknowledged.size());
        }
    }

    @Test
    void a_file_held_by_another_process_is_reported_as_in_use_with_its_name() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("held");
        try (ChildJvm child = ChildJvm.start(directory.resolve("child.log"), "hold", url)) {
            await().atMost(PATIENCE).until(() -> child.lines().contains("ready"));

            StoreException e = assertThrows(StoreException.class, () -> open(url));

            String file = directory.resolve("held.mv.db").toAbsolutePath().toString();
            assertTrue(
                    e.getMessage().contains("the H2 database file " + file + " is in use by another process"),
                    e.getMessage());
            child.closeInput();
            assertEquals(0, child.awaitExit());
        }
        try (WorkflowStore store = open(url)) {
            assertEquals(List.of(), store.unfinishedTaskIds());
        }
    }

    @Test
    void engines_in_several_processes_opening_one_new_database_together_all_start() throws Exception {
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        String url = "jdbc:h2:tcp://localhost:" + server.getPort() + "/mem:race;DB_CLOSE_DELAY=-1";
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                children.add(ChildJvm.start(directory.resolve("child" + i + ".log"), "race", url));
            }
            await().atMost(PATIENCE)
                    .until(() -> children.stream().allMatch(c -> c.lines().contains("ready")));
            for (ChildJvm child : children) {
                child.send("go");
            }
            for (ChildJvm child : children) {
                int exit = child.awaitExit();
                assertEquals(0, exit, () -> "a child failed to open the store:\n" + child.log());
                assertEquals(List.of("ready", "opened"), child.lines());
            }
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM tasker_schema_version")) {
                assertTrue(rows.next());
                assertEquals(SampleRows.knownVersions(new H2Dialect()).size(), rows.getInt(1));
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
            server.stop();
        }
    }

    private static WorkflowStore open(String url) {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 2, null));
    }
}
