package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code purge}: counts per table, a dry run that deletes nothing, and unfinished tasks left alone. */
class PurgeCommandTest {
    @TempDir
    Path dir;

    @Test
    void purge_deletes_finished_tasks_older_than_the_age_and_prints_the_rows_per_table() {
        ApplicationDatabase db = new ApplicationDatabase(dir);
        UUID done1 = db.runTask(1);
        UUID done2 = db.runTask(2);
        UUID blocked = db.blockedTask(3);

        CliRun none = db.cli("purge", "--older-than", "30d");
        assertEquals(0, none.exitCode(), none::toString);
        assertTrue(none.out().startsWith("deleted 0 finished task(s) older than 30d:"), none::toString);

        CliRun dry = db.cli("purge", "--older-than", "0s", "--dry-run");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(dry.out().startsWith("would delete 2 finished task(s) older than 0s:"), dry::toString);
        assertEquals(1, dry.linesContaining("tasker_tasks             2").size(), dry::toString);
        assertEquals(0, db.cli("task", done1.toString()).exitCode(), "a dry run deletes nothing");

        CliRun purge = db.cli("purge", "--older-than", "0s", "--namespace", "ops");
        assertEquals(0, purge.exitCode(), purge::toString);
        assertEquals(dry.out().replace("would delete", "deleted"), purge.out().replace(" in namespace ops", ""));
        assertNotEquals(0, db.cli("task", done1.toString()).exitCode());
        assertNotEquals(0, db.cli("task", done2.toString()).exitCode());
        assertEquals(0, db.cli("task", blocked.toString()).exitCode(), "an unfinished task stays");
    }

    @Test
    void a_bad_age_is_a_usage_error() {
        CliRun run = CliRun.of("purge", "--older-than", "3 weeks").assertNoStackTrace();
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--older-than must be an age such as 30d"), run::toString);
        CliRun missing = CliRun.of("purge").assertNoStackTrace();
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("--older-than is required"), missing::toString);
    }
}
