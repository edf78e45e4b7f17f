package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that read never create or migrate a schema: pointed at a database that is not (yet) Tasker's,
 * they say so and exit 1, and the database is as it was.
 */
class ReadOnlyCommandsTest {
    private static final String PG_VARIABLE = "TASKER_TEST_POSTGRES_URL";
    private static final String ID = UUID.randomUUID().toString();

    @TempDir
    Path dir;

    /** Every command that only reads, with the arguments it needs. */
    private static List<List<String>> readCommands() {
        return List.of(
                List.of("tasks"),
                List.of("task", ID),
                List.of("audit", ID),
                List.of("dlq", "list"),
                List.of("dlq", "show", ID),
                List.of("nodes"));
    }

    @Test
    void a_missing_h2_file_is_reported_and_no_file_appears() throws Exception {
        Path missing = dir.resolve("nothing-here");
        for (List<String> command : readCommands()) {
            CliRun run = cli(command, "jdbc:h2:file:" + missing);

            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().contains("no Tasker schema at " + missing), run::toString);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no file was created");
        }
    }

    @Test
    void an_h2_file_of_another_application_is_refused_and_left_as_it_was() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("other");
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (id INT PRIMARY KEY)");
        }
        for (List<String> command : readCommands()) {
            CliRun run = cli(command, url);

            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().contains("no Tasker schema at jdbc:h2:file:" + dir.resolve("other")), run::toString);
        }
        try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE")) {
            assertEquals(List.of("INVOICES"), tables(c, "PUBLIC"));
        }
    }

    @Test
    void an_empty_postgresql_schema_gets_no_table() throws Exception {
        String server = System.getenv(PG_VARIABLE);
        Assumptions.assumeTrue(
                server != null && !server.isBlank(), PG_VARIABLE + " is not set: the PostgreSQL case is skipped");
        String schema =
                "tasker_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(server);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            fail(PG_VARIABLE + " is set to " + server + ", but PostgreSQL cannot be used there: " + e.getMessage(), e);
        }
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            for (List<String> command : readCommands()) {
                CliRun run = cli(command, url);

                assertEquals(1, run.exitCode(), run::toString);
                assertTrue(run.err().contains("no Tasker schema at jdbc:postgresql:"), run::toString);
            }
            try (Connection c = DriverManager.getConnection(server)) {
                assertEquals(List.of(), tables(c, schema), "the read commands created tables");
            }
        } finally {
            try (Connection c = DriverManager.getConnection(server);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static CliRun cli(List<String> command, String url) {
        String[] args = Stream.concat(command.stream(), Stream.of("--db", url)).toArray(String[]::new);
        CliRun run = CliRun.of(args).assertNoStackTrace();
        assertFalse(run.err().lines().count() > 1, () -> "one line:\n" + run);
        return run;
    }

    private static List<String> tables(Connection c, String schema) throws SQLException {
        try (ResultSet rows = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME"));
            }
            return names;
        }
    }
}
