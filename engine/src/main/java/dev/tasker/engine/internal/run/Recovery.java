package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.StepState;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.store.spi.CheckpointRow;
import dev.tasker.engine.store.spi.EdgeRow;
import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.template.FailureStrategy;
import dev.tasker.engine.template.StepDefinition;
import dev.tasker.engine.template.TaskTemplate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a stored task in memory (DESIGN-NOTES: "memory is a cache that recovery can rebuild at any
 * moment"). A step stored {@code in_progress} was running when its engine stopped: that attempt was
 * counted when it was claimed, and the step runs again at once if attempts remain (whatever its
 * {@code retryable} flag, since the handler did not fail), else it ends in {@code error}.
 * Completed steps never run again; waiting retries keep their time.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Function<TaskRow, Optional<TaskTemplate>> templates;
    private final Function<TaskTemplate, TemplateGate> gates;
    private final String nodeId;
    /**
     * False for an operator client: it runs no step, so a step found in progress is not run again by it. Such
     * a client only loads a task when no engine runs the database (an H2 file's running engine refuses
     * others, see StoreOwnership), so the step's engine has indeed stopped.
     */
    private final boolean runsSteps;

    public Recovery(
            Function<TaskRow, Optional<TaskTemplate>> templates,
            Function<TaskTemplate, TemplateGate> gates,
            String nodeId,
            boolean runsSteps) {
        this.runsSteps = runsSteps;
        this.templates = templates;
        this.gates = gates;
        this.nodeId = nodeId;
    }

    /** False for an operator client, whose scheduler then never dispatches nor sweeps. */
    boolean runsSteps() {
        return runsSteps;
    }

    /** The task in memory, or null (logged) when its template is no longer loaded. */
    TaskRun rebuild(StoredTask stored, Cycle cy, StepMachine steps) {
        TaskRow row = stored.task();
        Optional<TaskTemplate> template = templates.apply(row);
        if (template.isEmpty()) {
            try (LogContext ignored = LogContext.task(row, nodeId)) {
                LOG.error(
                        "cannot resume task {}: template {}/{}/{} is not loaded; it stays {} until it is",
                        row.taskId(),
                        row.namespace(),
                        row.name(),
                        row.version(),
                        row.state().wireName());
            }
            return null;
        }
        TaskRun t = new TaskRun(
                row.taskId(),
                template.get(),
                Json.read(row.contextJson()),
                row.priority(),
                row.correlationId(),
                row.createdAt(),
                gates.apply(template.get()),
                row.identityHash());
        t.state = row.state();
        t.runAt = row.runAt();
        t.rebuilt = true;
        t.propagation = row.traceContext();
        t.lastProgressAt = cy.now; // time the engine was down does not count towards staleness
        Map<UUID, StepRun> byId = new HashMap<>();
        for (StepRow s : stored.steps()) {
            Optional<StepDefinition> def = template.get().step(s.templateStepName());
            if (def.isEmpty()) {
                try (LogContext ignored = LogContext.task(row, nodeId)) {
                    LOG.error(
                            "cannot resume task {}: its template no longer has step '{}'",
                            row.taskId(),
                            s.templateStepName());
                }
                return null;
            }
            byId.put(s.stepId(), stepOf(s, def.get(), t));
        }
        attachResults(stored, byId);
        for (EdgeRow e : stored.edges()) {
            TaskPlanner.link(byId.get(e.fromStepId()), byId.get(e.toStepId()));
        }
        restoreBatchGates(t);
        SubWorkflows.attach(t, stored.links());
        for (StepRun s : t.steps.values()) {
            if (s.state == StepState.IN_PROGRESS && s.waits()) {
                // It ran no handler: it waits again (Scheduler.arm resumes it: a signal, a child, its timeout).
                s.waiting = true;
                t.waitingSteps++;
            } else if (s.state == StepState.IN_PROGRESS) {
                interrupted(s, steps, cy);
            }
        }
        StepMachine.refreshFailFast(t);
        return t;
    }

    /** Workers of one batch share their parallelism cap again after a restart. */
    private static void restoreBatchGates(TaskRun t) {
        Map<String, TemplateGate> gates = new HashMap<>();
        for (StepRun s : t.steps.values()) {
            String batch = s.batchableStep();
            if (batch != null) {
                var cfg = s.definition.batchConfig();
                int limit = cfg == null
                        ? dev.tasker.engine.template.BatchConfiguration.DEFAULT_PARALLELISM
                        : cfg.parallelism();
                s.batchGate = gates.computeIfAbsent(batch, b -> new TemplateGate(t.templateKey() + "/" + b, limit));
            }
        }
    }

    private static StepRun stepOf(StepRow row, StepDefinition def, TaskRun t) {
        StepRun s = new StepRun(
                row.stepId(),
                row.name(),
                row.templateStepName(),
                def,
                t,
                (ObjectNode) Json.read(row.inputsJson()),
                row.createdAt());
        s.state = row.state();
        s.attempts = row.attempts();
        s.lastAttemptedAt = row.lastAttemptedAt();
        s.nextAttemptAt = row.nextAttemptAt();
        s.completedAt = row.completedAt();
        s.storedReason = row.waitingReason();
        s.tolerated = s.state == StepState.ERROR && s.failureStrategy() == FailureStrategy.CONTINUE_ON_FAILURE;
        t.add(s);
        t.countInitial(s);
        return s;
    }

    private static void attachResults(StoredTask stored, Map<UUID, StepRun> byId) {
        for (StepResultRow r : stored.results()) {
            StepRun s = byId.get(r.stepId());
            if (s == null) {
                continue;
            }
            if (r.success()) {
                s.result = Json.read(r.resultJson());
                java.time.Instant signalledAt = s.signalWait == null ? null : Waits.deliveredIn(r);
                if (signalledAt != null && s.state.isFinished()) {
                    s.signal = s.result; // a signal delivered straight to the waiting step: its result is the record
                    s.signalReceivedAt = signalledAt;
                    s.signalDelivered = true;
                }
            } else {
                s.error = Json.read(r.errorJson());
            }
        }
        for (dev.tasker.engine.store.spi.SignalRow sg : stored.signals()) {
            StepRun s = byName(byId, sg.stepName());
            if (s != null) {
                s.signal = Waits.payload(sg);
                s.signalReceivedAt = sg.receivedAt();
                s.signalDelivered = sg.deliveredAt() != null;
                s.signalStored = true;
            }
        }
        for (CheckpointRow c : stored.checkpoints()) {
            StepRun s = byId.get(c.stepId());
            if (s != null) {
                s.checkpoint = Json.read(c.checkpointJson());
            }
        }
    }

    private static StepRun byName(Map<UUID, StepRun> byId, String name) {
        for (StepRun s : byId.values()) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        return null;
    }

    private void interrupted(StepRun s, StepMachine steps, Cycle cy) {
        boolean again = s.attempts < s.maxAttempts();
        // True in both modes: the step was found in progress while loading it, so the engine that ran the
        // attempt stopped before recording its outcome (this engine runs no step of a task it has not loaded).
        String reason = "attempt " + s.attempts + " was found in progress with no engine running it (the engine"
                + " that started it stopped before recording its outcome)"
                + (!again
                        ? "; no attempts left"
                        : runsSteps
                                ? "; running it again"
                                : "; it runs again when the application's engine resumes the task");
        steps.foundInterrupted(s, again, reason, cy);
    }
}
