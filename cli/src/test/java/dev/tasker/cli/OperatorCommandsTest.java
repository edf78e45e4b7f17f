package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code step-action}, {@code cancel} and {@code dlq resolve} on a task an application left blocked
 * ({@code charge} failed permanently), each checked through {@code task}, {@code audit} and {@code dlq list}.
 */
class OperatorCommandsTest {
    @TempDir
    Path dir;

    private ApplicationDatabase db;
    private UUID blocked;

    @BeforeEach
    void an_application_left_a_task_blocked_by_a_failed_charge() {
        db = new ApplicationDatabase(dir);
        blocked = db.blockedTask(1);
    }

    @Test
    void reset_puts_the_failed_step_back_to_pending_with_no_attempts_and_audits_who_and_why() {
        CliRun reset = db.act(
                "step-action",
                blocked.toString(),
                "charge",
                "reset",
                "--by",
                "alice",
                "--reason",
                "the gateway is back");

        assertEquals(0, reset.exitCode(), reset::toString);
        assertEquals(
                "step 'charge' of task " + blocked + ": error -> pending (by alice); the task is " + "steps_in_process",
                reset.out().strip());
        CliRun task = db.cli("task", blocked.toString());
        assertEquals(
                List.of("charge", "pending", "0/2"),
                ApplicationDatabase.stepRow(task, "charge").subList(0, 3));
        assertEquals(1, task.linesContaining("  state        steps_in_process").size(), task::toString);
        assertEquals(
                1,
                task.linesContaining("    operator      alice: the gateway is back")
                        .size(),
                task::toString);
        List<String> audited =
                db.cli("audit", blocked.toString(), "--step", "charge").linesContaining("error -> pending");
        assertEquals(1, audited.size());
        assertTrue(audited.getFirst().matches(".*  alice +the gateway is back$"), audited::toString);
        assertEquals(
                1,
                db.cli("audit", blocked.toString()).linesContaining("blocked_by_failures -> steps_in_process").stream()
                        .filter(l -> l.contains("alice"))
                        .count(),
                "the task resumed, by alice's action");
    }

    @Test
    void task_shows_the_failed_attempts_cause_and_the_start_of_its_stack_trace() {
        CliRun task = db.cli("task", blocked.toString());

        assertEquals(
                1,
                task.linesContaining("    caused by     java.io.IOException: the gateway answered 402")
                        .size(),
                task::toString);
        List<String> lines = task.out().lines().toList();
        List<String> trace = lines.subList(lines.indexOf("    stack trace") + 1, lines.size());
        assertEquals("      dev.tasker.api.PermanentError: charge: card declined", trace.getFirst(), task::toString);
        assertTrue(trace.stream().anyMatch(l -> l.contains("at dev.tasker.cli.ApplicationDatabase")), task::toString);
        assertTrue(task.linesContaining("--full shows them").size() == 1, task::toString);
        assertTrue(db.cli("task", blocked.toString(), "--full")
                        .linesContaining("Caused by: java.io.IOException")
                        .size()
                == 1);
    }

    @Test
    void a_task_reset_from_the_command_line_finishes_when_the_application_starts_again() {
        assertEquals(
                0,
                db.act("step-action", blocked.toString(), "charge", "reset", "--by", "alice", "--reason", "retry")
                        .exitCode());

        TaskSnapshot done = db.restartUntilSettled(blocked);

        assertEquals(TaskState.COMPLETE, done.state());
        assertEquals(1, done.step("charge").attempts(), "attempts restarted at 0 with the reset");
    }

    @Test
    void resolve_marks_the_step_resolved_by_hand_and_its_dependent_may_run() {
        CliRun resolve = db.act(
                "step-action", blocked.toString(), "charge", "resolve", "--by", "bob", "--reason", "charged by phone");

        assertEquals(0, resolve.exitCode(), resolve::toString);
        CliRun task = db.cli("task", blocked.toString());
        assertEquals(
                List.of("charge", "resolved_manually"),
                ApplicationDatabase.stepRow(task, "charge").subList(0, 2));
        assertEquals(
                1,
                task.linesContaining("    operator      bob: charged by phone").size(),
                task::toString);
        assertEquals(1, task.linesContaining("  state        steps_in_process").size(), task::toString);
        assertEquals(
                StepState.COMPLETE,
                db.restartUntilSettled(blocked).step("receipt").state());
    }

    @Test
    void complete_stores_the_given_result_which_the_dependent_reads() {
        CliRun complete = db.act(
                "step-action",
                blocked.toString(),
                "charge",
                "complete",
                "--by",
                "carol",
                "--reason",
                "copied from the ledger",
                "--result",
                "{\"amount\": 42}");

        assertEquals(0, complete.exitCode(), complete::toString);
        CliRun task = db.cli("task", blocked.toString());
        assertEquals(
                List.of("charge", "complete"),
                ApplicationDatabase.stepRow(task, "charge").subList(0, 2));
        assertEquals(
                1, task.linesContaining("    result        {\"amount\":42}").size(), task::toString);
        assertEquals(
                "42",
                db.restartUntilSettled(blocked)
                        .step("receipt")
                        .result()
                        .path("charged")
                        .asText());
    }

    @Test
    void a_step_action_that_does_not_apply_is_one_clear_error_with_exit_1() {
        CliRun notFailed =
                db.act("step-action", blocked.toString(), "validate", "reset", "--by", "eve", "--reason", "why not");
        assertEquals(1, notFailed.exitCode(), notFailed::toString);
        assertEquals(
                "tasker step-action: step 'validate' of task " + blocked + " is complete; only a step in error "
                        + "can be reset for retry",
                notFailed.err().strip());

        CliRun noStep =
                db.act("step-action", blocked.toString(), "refund", "resolve", "--by", "eve", "--reason", "typo");
        assertEquals(1, noStep.exitCode(), noStep::toString);
        assertTrue(noStep.err().contains("has no step 'refund'; it has [validate, charge, receipt]"), noStep::toString);

        UUID unknown = UUID.randomUUID();
        CliRun noTask = db.act("step-action", unknown.toString(), "charge", "reset", "--by", "eve", "--reason", "x");
        assertEquals(1, noTask.exitCode(), noTask::toString);
        assertEquals(
                "tasker step-action: no task " + unknown + " in " + db.url(),
                noTask.err().strip());
        assertEquals(
                "error",
                ApplicationDatabase.stepRow(db.cli("task", blocked.toString()), "charge")
                        .get(1),
                "nothing changed");
    }

    @Test
    void a_task_whose_template_is_not_loaded_cannot_be_acted_on_and_says_how_to_load_it() {
        CliRun run = db.cli("step-action", blocked.toString(), "charge", "reset", "--by", "alice", "--reason", "x");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(
                run.err()
                        .strip()
                        .startsWith("tasker step-action: task " + blocked + " was made from template "
                                + "ops/payment/1.0.0, which is not loaded: name the application's templates with --templates PATH "
                                + "(loaded: ["),
                run::toString);
        assertTrue(run.err().contains("cli_test/bundled_probe/1.0.0"), "the bundled templates are listed");
    }

    @Test
    void a_wrong_step_action_command_line_is_a_usage_error_with_exit_2() {
        String id = blocked.toString();
        assertUsageError(
                db.act("step-action", id, "charge", "complete", "--by", "a", "--reason", "r"),
                "tasker step-action: complete needs --result JSON");
        assertUsageError(
                db.act("step-action", id, "charge", "reset", "--by", "a", "--reason", "r", "--result", "1"),
                "tasker step-action: --result goes with complete only");
        assertUsageError(
                db.act("step-action", id, "charge", "complete", "--by", "a", "--reason", "r", "--result", "{oops"),
                "tasker step-action: --result is not JSON: ");
        assertUsageError(
                db.act("step-action", id, "charge", "reset", "--reason", "r"), "tasker step-action: --by is required");
        assertUsageError(
                db.act("step-action", id, "charge", "retry", "--by", "a", "--reason", "r"),
                "tasker step-action: the action is reset, resolve or complete, not 'retry'");
        assertUsageError(
                db.cli(
                        "step-action",
                        id,
                        "charge",
                        "reset",
                        "--by",
                        "a",
                        "--reason",
                        "r",
                        "--templates",
                        dir.resolve("missing").toString()),
                "tasker step-action: --templates: no such file");
    }

    @Test
    void cancel_cancels_the_task_and_its_unfinished_steps() {
        CliRun cancel = db.act("cancel", blocked.toString(), "--by", "dave", "--reason", "customer gave up");

        assertEquals(0, cancel.exitCode(), cancel::toString);
        assertEquals(
                "task " + blocked + ": blocked_by_failures -> cancelled (by dave), 1 step(s) cancelled",
                cancel.out().strip());
        CliRun task = db.cli("task", blocked.toString());
        assertEquals(1, task.linesContaining("  state        cancelled").size(), task::toString);
        assertEquals("cancelled", ApplicationDatabase.stepRow(task, "receipt").get(1), "the unfinished step");
        assertEquals("error", ApplicationDatabase.stepRow(task, "charge").get(1), "a finished step keeps its state");
        assertEquals("complete", ApplicationDatabase.stepRow(task, "validate").get(1));
        assertTrue(db.cli("audit", blocked.toString())
                .linesContaining("blocked_by_failures -> cancelled")
                .getFirst()
                .matches(".*  dave +customer gave up$"));

        CliRun again = db.act("cancel", blocked.toString());
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(
                "tasker cancel: task " + blocked + " is cancelled; only an unfinished task can be cancelled",
                again.err().strip());
    }

    @Test
    void dlq_resolve_records_the_outcome_and_the_entry_leaves_the_pending_list() {
        String entry = db.cli("dlq", "list").outLines().get(1).split("\\s+")[0];

        CliRun resolve = db.cli(
                "dlq",
                "resolve",
                entry,
                "--status",
                "manually_resolved",
                "--by",
                "erin",
                "--notes",
                "refunded by hand");

        assertEquals(0, resolve.exitCode(), resolve::toString);
        assertTrue(
                resolve.out()
                        .startsWith("DLQ entry " + entry + " (task " + blocked + ") is now manually_resolved, "
                                + "by erin at "),
                resolve::toString);
        assertEquals("no pending DLQ entries", db.cli("dlq", "list").out().strip());
        List<String> resolved =
                db.cli("dlq", "list", "--status", "manually_resolved").outLines();
        assertEquals(2, resolved.size(), resolved::toString);
        assertTrue(resolved.get(1).startsWith(entry) && resolved.get(1).endsWith("erin"), resolved::toString);
        assertEquals(
                1,
                db.cli("dlq", "show", entry)
                        .linesContaining("  notes        refunded by hand")
                        .size());

        CliRun again = db.cli("dlq", "resolve", entry, "--status", "cancelled", "--by", "erin");
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(
                "tasker dlq resolve: DLQ entry " + entry + " is manually_resolved; only a pending entry resolves",
                again.err().strip());
        assertUsageError(
                db.cli("dlq", "resolve", entry, "--status", "fixed", "--by", "erin"),
                "tasker dlq resolve: --status must be one of manually_resolved, permanently_failed, cancelled");
        UUID unknown = UUID.randomUUID();
        CliRun noEntry = db.cli("dlq", "resolve", unknown.toString(), "--status", "cancelled", "--by", "erin");
        assertEquals(1, noEntry.exitCode(), noEntry::toString);
        assertEquals(
                "tasker dlq resolve: no DLQ entry " + unknown + " in " + db.url(),
                noEntry.err().strip());
    }

    private static void assertUsageError(CliRun run, String firstLineStart) {
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(firstLineStart), () -> "expected '" + firstLineStart + "' in\n" + run);
    }
}
