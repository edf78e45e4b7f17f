package dev.tasker.engine.internal.run;

import dev.tasker.engine.store.spi.WriteBatch;
import java.util.Objects;

/**
 * Why a step waits, on its stored row ({@code tasker_steps.waiting_reason}), so that another process (the command
 * line, an operator client) sees it: a signal, a child task, a per-key limit. Written only when a step starts
 * waiting, in the cycle's batch (its claim's commit for a signal or a child; the commit of the cycle that parked it
 * for a limit), and cleared with the step's next state change ({@link StepMachine}); a step that never waits writes
 * nothing, so the path of an ordinary step is unchanged. Loop thread only.
 */
final class WaitingReasons {
    private WaitingReasons() {}

    /** The step waits for this reason now: written unless its row says so already. */
    static void record(StepRun s, String reason, Cycle cy) {
        if (Objects.equals(s.storedReason, reason)) {
            return;
        }
        s.storedReason = reason;
        cy.writes(s.task).stepWaiting(new WriteBatch.WaitingReason(s.task.id, s.id, reason));
    }

    /** The step moved on: its stored reason, if it has one, is cleared in the same batch. */
    static void clear(StepRun s, Cycle cy) {
        if (s.storedReason != null) {
            s.storedReason = null;
            cy.writes(s.task).stepWaiting(new WriteBatch.WaitingReason(s.task.id, s.id, null));
        }
    }

    /**
     * The stored form of a per-key limit's reason: its kind and key, without the counts and times that change while
     * it waits (so that waiting longer writes nothing more): {@code waiting_for_limit: customer_id=42 (2/2 running)}
     * is stored as {@code waiting_for_limit: customer_id=42}.
     */
    static String ofLimit(String live) {
        int open = live.lastIndexOf(" (");
        return open > 0 && live.endsWith(")") ? live.substring(0, open) : live;
    }

    /** A signal step's reason: what it waits for, and when it times out if it does. */
    static String ofSignal(StepRun s) {
        if (s.signalWait == null || s.signalWait.timeout() == null || s.lastAttemptedAt == null) {
            return "waiting_for_signal";
        }
        return "waiting_for_signal (times out at " + s.lastAttemptedAt.plus(s.signalWait.timeout()) + ")";
    }

    /** A sub-workflow step's reason: the child task it waits for. */
    static String ofChild(StepRun s) {
        return "waiting_for_child_task: " + s.childTaskId
                + (s.subWorkflow == null ? "" : " (" + s.subWorkflow.target() + ")");
    }
}
