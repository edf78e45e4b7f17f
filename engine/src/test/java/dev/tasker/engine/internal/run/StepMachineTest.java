package dev.tasker.engine.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.ErrorType;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.StepUpdate;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The step state machine on its own: every legal move writes exactly one guarded update and one audit row
 * (from, to, actor, reason) and keeps the task's counters; an illegal move is refused and changes nothing.
 */
class StepMachineTest {
    private static final String YAML = """
            name: pair
            namespace_name: sm
            version: 1.0.0
            steps:
              - name: a
                handler: {callable: a}
                retry: {max_attempts: 3}
              - name: b
                handler: {callable: b}
                dependencies: [a]
            """;

    private final ManualClock clock = new ManualClock();
    private final ReadyQueue queue = new ReadyQueue(10);
    private final StepMachine machine = new StepMachine("node-t", queue, EventSink.NONE);
    private final TaskRun task = plan();
    private final StepRun a = task.steps.get("a");
    private final StepRun b = task.steps.get("b");

    private TaskRun plan() {
        TaskTemplate template = TemplateLoader.defaults().loadString(YAML, "pair.yaml");
        TaskRun t = new TaskPlanner(clock, "node-t", tpl -> new TemplateGate("sm/pair", 5))
                .plan(TaskRequest.of("sm", "pair", Map.of()), template, null);
        t.initialRows = null;
        return t;
    }

    /** Runs one move in a fresh cycle and checks it wrote exactly one update and one audit row, from → to. */
    private StepTransitionRow move(StepRun s, StepState to, Consumer<Cycle> action) {
        StepState from = s.state;
        Cycle cy = new Cycle(clock.instant());
        action.accept(cy);
        WriteBatch w = cy.writes(task);
        assertEquals(to, s.state);
        List<StepTransitionRow> audit = w.stepTransitions();
        assertEquals(1, audit.size(), "one audit row for " + from + " -> " + to);
        assertEquals(from, audit.get(0).fromState());
        assertEquals(to, audit.get(0).toState());
        assertEquals(s.id, audit.get(0).stepId());
        List<StepUpdate> updates = w.stepUpdates();
        assertEquals(1, updates.size(), "one guarded update for " + from + " -> " + to);
        assertEquals(from, updates.get(0).expected());
        assertEquals(to, updates.get(0).newState());
        clock.advance(Duration.ofSeconds(1));
        return audit.get(0);
    }

    private static Outcome.Failed failure(boolean retryable) {
        return new Outcome.Failed(
                "boom",
                retryable ? ErrorType.RETRYABLE_ERROR : ErrorType.PERMANENT_ERROR,
                retryable,
                null,
                null,
                Json.object());
    }

    private static Outcome.Succeeded success() {
        return new Outcome.Succeeded(
                Json.object().put("ok", true), "{\"ok\":true}", Json.object(), Outcome.Kind.RESULT);
    }

    @Test
    void every_legal_move_records_exactly_one_audit_row() {
        move(a, StepState.IN_PROGRESS, cy -> machine.claim(a, cy));
        assertEquals(1, a.attempts);
        assertEquals(1, queue.running());
        assertEquals(1, task.running);

        Outcome.Failed retry = failure(true);
        StepTransitionRow r = move(
                a,
                StepState.WAITING_FOR_RETRY,
                cy -> machine.fail(a, retry, retry.toJson(), cy.now.plusSeconds(5), cy));
        assertEquals("boom", r.reason());
        assertEquals(0, queue.running());
        assertEquals(1, task.waitingForRetry);
        assertTrue(!task.failFast);

        clock.advance(Duration.ofSeconds(5));
        move(a, StepState.IN_PROGRESS, cy -> machine.claim(a, cy));
        Outcome.Failed permanent = failure(false);
        move(a, StepState.ERROR, cy -> machine.fail(a, permanent, permanent.toJson(), null, cy));
        assertTrue(task.failFast, "a permanent failure of a plain step makes the task fail fast");
        assertEquals(1, task.errors);
        assertTrue(a.completedAt != null);

        StepTransitionRow reset = move(a, StepState.PENDING, cy -> machine.reset(a, "ops", "fixed", cy));
        assertEquals("ops", reset.actor());
        assertEquals("fixed", reset.reason());
        assertEquals(0, a.attempts);
        assertNull(a.completedAt);
        assertEquals(0, task.errors);
        StepMachine.refreshFailFast(task);
        assertTrue(!task.failFast);

        move(a, StepState.IN_PROGRESS, cy -> machine.claim(a, cy));
        assertEquals(1, b.unmetParents);
        move(a, StepState.COMPLETE, cy -> machine.complete(a, success(), cy));
        assertEquals(0, b.unmetParents, "its child is released");
        assertTrue(b.queued, "and queued");
        assertEquals(1, task.satisfied);

        move(b, StepState.CANCELLED, cy -> machine.cancel(b, "ops", "not needed", cy));
        move(b, StepState.PENDING, cy -> machine.reset(b, "ops", "needed after all", cy));
        move(b, StepState.IN_PROGRESS, cy -> machine.claim(b, cy));
        move(b, StepState.ERROR, cy -> machine.stale(b, "the task went stale", cy));
        assertEquals(0, queue.running(), "a stale step frees its slot");
        move(
                b,
                StepState.RESOLVED_MANUALLY,
                cy -> machine.satisfy(b, StepState.RESOLVED_MANUALLY, null, "ops", "done by hand", cy));
        assertEquals(2, task.satisfied);
        assertEquals(0, task.errors);
    }

    @Test
    void a_step_found_in_progress_on_load_retries_or_ends_in_error() {
        move(a, StepState.IN_PROGRESS, cy -> machine.claim(a, cy));
        move(a, StepState.WAITING_FOR_RETRY, cy -> machine.foundInterrupted(a, true, "engine stopped", cy));
        assertEquals(true, a.error.path("retryable").asBoolean());
        move(a, StepState.IN_PROGRESS, cy -> machine.claim(a, cy));
        move(a, StepState.ERROR, cy -> machine.foundInterrupted(a, false, "engine stopped", cy));
        assertEquals("handler_error", a.error.path("error_type").asText());
    }

    /** Tries {@code action}; it must be refused and leave the step, the counters and the cycle untouched. */
    private void refused(StepRun s, Consumer<Cycle> action) {
        StepState state = s.state;
        int attempts = s.attempts;
        int[] counters = {
            task.satisfied, task.errors, task.running, task.waitingForRetry, task.queued, queue.running(), queue.size()
        };
        Cycle cy = new Cycle(clock.instant());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> action.accept(cy));
        assertTrue(e.getMessage().contains("cannot go from " + state.wireName()), e.getMessage());
        assertEquals(state, s.state);
        assertEquals(attempts, s.attempts);
        assertEquals(
                List.of(counters[0], counters[1], counters[2], counters[3], counters[4], counters[5], counters[6]),
                List.of(
                        task.satisfied,
                        task.errors,
                        task.running,
                        task.waitingForRetry,
                        task.queued,
                        queue.running(),
                        queue.size()));
        assertTrue(cy.writes(task).isEmpty(), "nothing written");
    }

    @Test
    void an_illegal_move_is_refused_and_changes_nothing() {
        Outcome.Failed permanent = failure(false);
        refused(a, cy -> machine.complete(a, success(), cy));
        refused(a, cy -> machine.fail(a, permanent, permanent.toJson(), null, cy));
        refused(a, cy -> machine.stale(a, "stale", cy));
        refused(a, cy -> machine.reset(a, "ops", "why", cy));
        refused(a, cy -> machine.foundInterrupted(a, true, "why", cy));
        refused(a, cy -> machine.satisfy(a, StepState.ERROR, null, "ops", "why", cy));

        move(a, StepState.IN_PROGRESS, cy -> machine.claim(a, cy));
        refused(a, cy -> machine.claim(a, cy));
        refused(a, cy -> machine.reset(a, "ops", "why", cy));
        move(a, StepState.COMPLETE, cy -> machine.complete(a, success(), cy));
        refused(a, cy -> machine.cancel(a, "ops", "why", cy));
        refused(a, cy -> machine.claim(a, cy));
        refused(a, cy -> machine.complete(a, success(), cy));
    }
}
