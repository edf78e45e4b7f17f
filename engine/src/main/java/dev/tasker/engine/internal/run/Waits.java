package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.ErrorType;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.SignalResult;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.store.spi.SignalRow;
import dev.tasker.engine.template.SignalWait;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * Steps that wait instead of running a handler (template {@code extensions}): a signal step waits for
 * {@code Tasker.signal}, on the loop thread only. A waiting step is {@code in_progress} without a handler and
 * without a slot ({@link StepMachine#await}); what it costs is its place in memory and, with a timeout, one
 * timer. Its signal is a row of {@code tasker_signals}, written in the cycle's batch, so that a signal sent
 * before the step is reached, or before a restart, is delivered once it is.
 */
final class Waits {
    private final StepMachine steps;
    /** Arms a timeout timer for the step's current invocation at the given time. */
    private final BiConsumer<StepRun, Instant> timeoutAt;

    private final SubWorkflows children;

    Waits(StepMachine steps, BiConsumer<StepRun, Instant> timeoutAt, SubWorkflows children) {
        this.steps = steps;
        this.timeoutAt = timeoutAt;
        this.children = children;
    }

    /** The step is reached: it starts waiting, or completes at once with a signal that came before. */
    void start(StepRun s, Cycle cy) {
        steps.await(s, cy);
        if (s.subWorkflow != null) {
            children.start(s, cy);
        } else if (s.signal != null && !s.signalDelivered) {
            deliver(s, cy);
        } else if (s.signalWait.timeout() != null) {
            timeoutAt.accept(s, cy.now.plus(s.signalWait.timeout()));
        }
        if (s.waiting && s.state == dev.tasker.engine.StepState.IN_PROGRESS) {
            // It waits: its row says why (in the claim's commit), for whoever reads the store.
            WaitingReasons.record(
                    s, s.subWorkflow != null ? WaitingReasons.ofChild(s) : WaitingReasons.ofSignal(s), cy);
        }
    }

    /**
     * A waiting step of a task just loaded (a restart, a claim): it waits again, from when it was reached, and
     * takes a signal that came meanwhile.
     */
    void resume(StepRun s, Cycle cy) {
        if (s.subWorkflow != null) {
            children.resume(s, cy);
            return;
        }
        if (s.signal != null && !s.signalDelivered) {
            deliver(s, cy);
        } else if (s.signalWait.timeout() != null) {
            Instant since = s.lastAttemptedAt != null ? s.lastAttemptedAt : cy.now;
            timeoutAt.accept(s, since.plus(s.signalWait.timeout()));
        }
    }

    /** A signal for a step of a live task. */
    SignalResult signal(TaskRun t, Command.Signal c, Cycle cy) {
        StepRun s = t.steps.get(c.step());
        if (s == null) {
            throw new OperatorActionException("task " + t.id + " has no step '" + c.step() + "' (its steps: "
                    + String.join(", ", t.steps.keySet()) + ")");
        }
        if (s.signalWait == null) {
            throw new OperatorActionException("step '" + s.name + "' of task " + t.id + " does not wait for a signal:"
                    + " it is not listed under extensions.signals of template " + t.templateKey());
        }
        if (s.signal != null) {
            return SignalResult.DUPLICATE;
        }
        if (s.state.isFinished()) {
            return SignalResult.STEP_FINISHED;
        }
        s.signal = c.payload();
        s.signalJson = c.payloadJson();
        s.signalReceivedAt = cy.now;
        s.signalStored = c.recorded();
        cy.touch(t);
        if (s.waiting) {
            deliver(s, cy);
            return SignalResult.DELIVERED;
        }
        if (!c.recorded()) {
            cy.writes(t).upsertSignal(new SignalRow(t.id, s.name, signalJson(s), cy.now, null));
            s.signalStored = true;
        }
        return SignalResult.STORED_UNTIL_REACHED;
    }

    /** The step's signal as JSON: as its sender wrote it, or written here (a signal read back from the store). */
    private static String signalJson(StepRun s) {
        return s.signalJson != null ? s.signalJson : Json.write(s.signal);
    }

    /** The waiting step completes with its signal, which is marked delivered in the same batch. */
    private void deliver(StepRun s, Cycle cy) {
        ObjectNode metadata = Json.object();
        metadata.put(RECEIVED_AT, s.signalReceivedAt.toString());
        String json = signalJson(s);
        steps.complete(s, new Outcome.Succeeded(s.signal, json, metadata, Outcome.Kind.RESULT), cy);
        s.signalDelivered = true;
        if (s.signalStored) {
            cy.writes(s.task).upsertSignal(new SignalRow(s.task.id, s.name, json, s.signalReceivedAt, cy.now));
        }
    }

    /** The step's timeout passed while it waited: its timeout path ({@code on_timeout}). */
    void timedOut(StepRun s, Cycle cy) {
        if (s.subWorkflow != null) {
            return; // a child task has no timeout of its own here: the child's steps have theirs
        }
        SignalWait wait = s.signalWait;
        if (wait.onTimeout() == SignalWait.OnTimeout.COMPLETE) {
            ObjectNode result = Json.object();
            result.put("timed_out", true);
            ObjectNode metadata = Json.object();
            metadata.put("timed_out", true);
            steps.complete(s, new Outcome.Succeeded(result, Json.write(result), metadata, Outcome.Kind.RESULT), cy);
            return;
        }
        Outcome.Failed f = new Outcome.Failed(
                "step '" + s.name + "' waited for a signal for " + wait.timeout() + " and timed out"
                        + " (on_timeout: fail)",
                ErrorType.TIMEOUT,
                false,
                null,
                "signal_timeout",
                Json.object());
        steps.fail(s, f, f.toJson(), null, cy);
    }

    /** The metadata key of a result that a signal delivered: when it was received. */
    static final String RECEIVED_AT = "signal_received_at";

    /**
     * When the signal that completed this step was received, read from its stored result's metadata, or null
     * when no signal completed it (a signal delivered straight to a waiting step leaves no {@code tasker_signals}
     * row: the result is its record).
     */
    static Instant deliveredIn(dev.tasker.engine.store.spi.StepResultRow result) {
        if (result == null || !result.success() || result.metadataJson() == null) {
            return null;
        }
        JsonNode at = Json.read(result.metadataJson()).get(RECEIVED_AT);
        return at == null || !at.isTextual() ? null : Instant.parse(at.asText());
    }

    /** The payload a step's stored signal carries. */
    static JsonNode payload(SignalRow row) {
        return Json.read(row.payloadJson());
    }
}
