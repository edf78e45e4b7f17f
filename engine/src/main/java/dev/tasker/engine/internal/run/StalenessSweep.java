package dev.tasker.engine.internal.run;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staleness sweep (reference §2.4, SPEC §3): every {@code checkEvery}, a live task that made no progress
 * for longer than its lifecycle thresholds (or the engine's) gets a DLQ entry and goes to {@code error};
 * its running steps are interrupted and recorded in {@code error}. Runs on the loop thread.
 */
public final class StalenessSweep {
    private static final Logger LOG = LoggerFactory.getLogger(StalenessSweep.class);
    private static final String ENGINE = StepMachine.ENGINE;

    private final StepMachine steps;
    private final TaskLifecycle tasks;
    private final EngineSettings settings;
    private final Map<UUID, TaskRun> live;
    private Instant nextSweepAt;
    private boolean sweeping = true;

    StalenessSweep(StepMachine steps, TaskLifecycle tasks, EngineSettings settings, Map<UUID, TaskRun> live) {
        this.steps = steps;
        this.tasks = tasks;
        this.settings = settings;
        this.live = live;
    }

    /** No more sweeps (an operator-only engine). */
    void stop() {
        sweeping = false;
    }

    /** The sweep, when it is due: stale tasks get a DLQ entry and go to error. */
    void sweep(Cycle cy) {
        if (!sweeping || nextSweepAt != null && cy.now.isBefore(nextSweepAt)) {
            return;
        }
        nextSweepAt = cy.now.plus(settings.staleness().checkEvery());
        for (TaskRun t : List.copyOf(live.values())) {
            if (t.evicted || t.state.isTerminal()) {
                continue;
            }
            String why = settings.staleness().reasonIfStale(t, cy.now);
            if (why != null) {
                markStale(t, why, cy);
            }
        }
    }

    private void markStale(TaskRun t, String why, Cycle cy) {
        try (LogContext ignored = LogContext.task(t, settings.nodeId())) {
            LOG.warn("task {} ({}) is stale: {}; it goes to the DLQ and to error", t.id, t.templateKey(), why);
        }
        for (StepRun s : t.steps.values()) {
            if (s.state == StepState.IN_PROGRESS) {
                steps.stale(s, "the task went stale: " + why, cy);
            }
        }
        StepMachine.failFast(t);
        tasks.deadLetter(t, t.snapshot(), TaskLifecycle.DlqReason.STALENESS_TIMEOUT, cy);
        tasks.move(t, TaskState.ERROR, cy, ENGINE, "stale: " + why);
    }
}
