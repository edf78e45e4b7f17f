package dev.tasker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash matrix (SPEC §6): engines in child JVMs killed with SIGKILL at random moments while they
 * submit, run, commit and recover, on H2 and on PostgreSQL with two nodes; every count must be 0.
 * {@code ./tasker bench crash --kills N} runs the long version.
 */
class CrashMatrixTest {
    private static final String POSTGRES = "TASKER_TEST_POSTGRES_URL";

    @TempDir
    Path dir;

    @Test
    void h2_loses_nothing_across_20_kills() throws Exception {
        assertClean(run(new CrashMatrix.Config(null, 1, 20, 500, Duration.ofSeconds(90), System.nanoTime(), dir)));
    }

    @Test
    void postgres_with_two_nodes_loses_nothing_across_20_kills() throws Exception {
        String url = System.getenv(POSTGRES);
        if (url == null || url.isBlank()) {
            Assumptions.abort("PostgreSQL crash matrix skipped: " + POSTGRES + " is not set; set it to run it, e.g. "
                    + POSTGRES + "='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' (.ci/run sets it)");
        }
        try (Connection c = DriverManager.getConnection(url)) {
            assertTrue(c.isValid(5));
        } catch (SQLException e) {
            fail(
                    POSTGRES + " is set to " + url + ", but PostgreSQL cannot be used there: " + e.getMessage()
                            + ". Start the server, or unset the variable to skip this test.",
                    e);
        }
        assertClean(run(new CrashMatrix.Config(url, 2, 20, 500, Duration.ofSeconds(90), System.nanoTime(), dir)));
    }

    private static CrashMatrix.Report run(CrashMatrix.Config config) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CrashMatrix.Report report;
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            report = CrashMatrix.run(config, out);
        }
        System.out.print(text.toString(StandardCharsets.UTF_8));
        return report;
    }

    private static void assertClean(CrashMatrix.Report report) {
        CrashCheck.Result r = report.result();
        String why = report.summary() + "\n  " + String.join("\n  ", r.examples());
        assertEquals(
                report.config().kills(),
                report.moments().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(r.acknowledged() > 0 && r.runs() > 0, () -> "the engines did no work: " + why);
        assertEquals(0, r.lostTasks(), why);
        assertEquals(0, r.lostClaims(), why);
        assertEquals(0, r.completedRerun(), why);
        assertEquals(0, r.unfinished(), why);
        assertEquals(0, r.wrongResults(), why);
    }
}
