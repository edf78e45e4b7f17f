package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasks}, {@code task}, {@code audit}, {@code dlq list} and {@code dlq show} on an application's database. */
class ReadCommandsTest {
    @TempDir
    Path dir;

    private ApplicationDatabase db;
    private UUID blocked;
    private UUID complete;

    @BeforeEach
    void an_application_ran_a_blocked_task_then_a_complete_one() {
        db = new ApplicationDatabase(dir);
        blocked = db.blockedTask(1);
        complete = db.runTask(2);
    }

    @Test
    void tasks_lists_every_task_newest_first_with_template_state_and_step_counts() {
        CliRun run = db.cli("tasks");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertEquals(List.of("ID", "TEMPLATE", "STATE", "CREATED", "COMPLETED", "STEPS"), cells(lines.get(0)));
        List<String> newest = cells(lines.get(1));
        assertEquals(List.of(complete.toString(), "ops/payment/1.0.0", "complete"), newest.subList(0, 3));
        assertEquals("3/3 done", newest.getLast());
        List<String> older = cells(lines.get(2));
        assertEquals(List.of(blocked.toString(), "ops/payment/1.0.0", "blocked_by_failures"), older.subList(0, 3));
        assertEquals("-", older.get(4), "a blocked task has not completed");
        assertEquals("1/3 done, 1 pending, 1 error", older.getLast());
        assertEquals(3, lines.size(), run::toString);
    }

    @Test
    void nodes_says_an_h2_file_has_no_registry() {
        CliRun run = db.cli("nodes");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(
                "no nodes registered (an H2 file belongs to one engine; on PostgreSQL, none is running)",
                run.out().strip());
    }

    @Test
    void tasks_filters_by_state_and_pages_with_limit_and_offset() {
        CliRun blockedOnly = db.cli("tasks", "--state", "blocked_by_failures");
        assertEquals(List.of(blocked.toString()), ids(blockedOnly));

        CliRun first = db.cli("tasks", "--limit", "1");
        assertEquals(List.of(complete.toString()), ids(first));
        assertEquals("(1 shown; the next page: --offset 1)", first.outLines().getLast());
        assertEquals(List.of(blocked.toString()), ids(db.cli("tasks", "--limit", "1", "--offset", "1")));
        assertEquals(
                "no tasks after the first 2",
                db.cli("tasks", "--offset", "2").out().strip());
        assertEquals(
                "no tasks", db.cli("tasks", "--namespace", "elsewhere").out().strip());
    }

    @Test
    void task_shows_each_step_with_its_attempts_times_and_result_or_error() {
        CliRun run = db.cli("task", blocked.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Task " + blocked + "  ops/payment/1.0.0\n"), run::toString);
        assertEquals(
                1, run.linesContaining("  state        blocked_by_failures").size(), run::toString);
        assertEquals(1, run.linesContaining("  context      {\"order\":1}").size(), run::toString);
        List<String> validate = ApplicationDatabase.stepRow(run, "validate");
        assertEquals(List.of("validate", "complete", "1/3"), validate.subList(0, 3));
        assertTrue(validate.getLast().matches("\\d+ ms"), () -> "how long it took: " + validate);
        List<String> charge = ApplicationDatabase.stepRow(run, "charge");
        assertEquals(List.of("charge", "error", "1/2"), charge.subList(0, 3));
        assertEquals(List.of("receipt", "pending", "0/3", "-", "-", "-"), ApplicationDatabase.stepRow(run, "receipt"));
        List<String> result = run.linesContaining("    result        {");
        assertEquals(1, result.size(), run::toString);
        assertTrue(result.getFirst().contains("\"step\":\"validate\""), result::toString);
        List<String> error = run.linesContaining("    error         {");
        assertEquals(1, error.size(), run::toString);
        assertTrue(error.getFirst().contains("\"message\":\"charge: card declined\""), error::toString);
    }

    @Test
    void task_cuts_long_json_unless_full_is_asked_for() {
        String longNote = "x".repeat(500);
        UUID id = db.runTask(Map.of("order", 3, "note", longNote));

        CliRun cut = db.cli("task", id.toString());
        CliRun full = db.cli("task", id.toString(), "--full");

        assertEquals(1, cut.linesContaining(" characters)").size(), cut::toString);
        assertFalse(cut.out().contains(longNote), cut::toString);
        assertTrue(full.out().contains(longNote), full::toString);
    }

    @Test
    void audit_lists_the_task_and_step_transitions_oldest_first() {
        CliRun run = db.cli("audit", blocked.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertEquals(List.of("TIME", "SUBJECT", "CHANGE", "ATTEMPT", "NODE", "ACTOR", "REASON"), cells(lines.get(0)));
        assertEquals(List.of("task", "(new) -> pending"), cells(lines.get(1)).subList(1, 3));
        int failed = indexOf(lines, "step charge", "in_progress -> error");
        int blockedAt = indexOf(lines, "task", "steps_in_process -> blocked_by_failures");
        assertTrue(indexOf(lines, "step validate", "in_progress -> complete") < failed, run::toString);
        assertTrue(failed < blockedAt, "the failure comes before the task change it caused:\n" + run);
        List<String> failure = cells(lines.get(failed));
        assertEquals("1", failure.get(3), "the attempt");
        assertEquals("engine", failure.get(5));
        assertTrue(failure.get(6).contains("card declined"), failure::toString);

        CliRun charge = db.cli("audit", blocked.toString(), "--step", "charge");
        assertTrue(charge.outLines().stream().skip(1).allMatch(l -> l.contains("step charge")), charge::toString);
        assertTrue(charge.outLines().size() >= 3, charge::toString);
    }

    @Test
    void dlq_list_shows_the_blocked_task_entry_and_dlq_show_its_snapshot() {
        CliRun list = db.cli("dlq", "list");

        assertEquals(0, list.exitCode(), list::toString);
        assertEquals(2, list.outLines().size(), list::toString);
        List<String> entry = cells(list.outLines().get(1));
        assertEquals(List.of(blocked.toString(), "permanent_failure", "pending"), entry.subList(1, 4));

        CliRun show = db.cli("dlq", "show", entry.getFirst());
        assertEquals(0, show.exitCode(), show::toString);
        assertEquals(1, show.linesContaining("  task         " + blocked).size(), show::toString);
        assertEquals(1, show.linesContaining("  status       pending").size(), show::toString);
        assertTrue(show.out().contains("card declined"), "the snapshot holds the step's error:\n" + show);
        assertEquals(
                "no manually_resolved DLQ entries",
                db.cli("dlq", "list", "--status", "manually_resolved").out().strip());
    }

    @Test
    void an_unknown_id_is_one_clear_error_with_exit_1() {
        UUID unknown = UUID.randomUUID();
        for (String[] args :
                List.of(new String[] {"task", unknown.toString()}, new String[] {"audit", unknown.toString()})) {
            CliRun run = db.cli(args);
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(
                    "tasker " + args[0] + ": no task " + unknown + " in " + db.url(),
                    run.err().strip());
            assertEquals("", run.out());
        }
        CliRun entry = db.cli("dlq", "show", unknown.toString());
        assertEquals(1, entry.exitCode(), entry::toString);
        assertEquals(
                "tasker dlq show: no DLQ entry " + unknown + " in " + db.url(),
                entry.err().strip());
        CliRun step = db.cli("audit", blocked.toString(), "--step", "refund");
        assertEquals(1, step.exitCode(), step::toString);
        assertTrue(step.err().contains("has no step 'refund'; it has [validate, charge, receipt]"), step::toString);
    }

    @Test
    void a_malformed_id_or_option_is_a_usage_error_with_exit_2() {
        assertUsageError(db.cli("task", "12345"), "tasker task: '12345' is not a task id (a UUID)");
        assertUsageError(db.cli("tasks", "--state", "done"), "tasker tasks: --state must be one of [pending,");
        assertUsageError(db.cli("tasks", "--limit", "0"), "tasker tasks: --limit must be a whole number from 1 to");
        assertUsageError(db.cli("dlq", "list", "--status", "open"), "tasker dlq list: --status must be one of");
        assertUsageError(db.cli("dlq", "list", "--by", "me"), "tasker dlq list: unknown option(s) [--by]");
        assertUsageError(db.cli("dlq"), "tasker dlq: name one of list, show, resolve");
    }

    private static void assertUsageError(CliRun run, String firstLineStart) {
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(firstLineStart), () -> "expected '" + firstLineStart + "' in\n" + run);
    }

    private static List<String> cells(String line) {
        return List.of(line.trim().split("\\s{2,}"));
    }

    private static List<String> ids(CliRun run) {
        return run.outLines().stream()
                .skip(1)
                .filter(l -> !l.startsWith("("))
                .map(l -> cells(l).getFirst())
                .toList();
    }

    private static int indexOf(List<String> lines, String subject, String change) {
        for (int i = 0; i < lines.size(); i++) {
            List<String> c = cells(lines.get(i));
            if (c.size() > 2 && c.get(1).equals(subject) && c.get(2).equals(change)) {
                return i;
            }
        }
        throw new AssertionError("no '" + subject + "  " + change + "' in\n" + String.join("\n", lines));
    }
}
