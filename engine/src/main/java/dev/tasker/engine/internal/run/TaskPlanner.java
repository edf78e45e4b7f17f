package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.UuidV7;
import dev.tasker.engine.store.spi.EdgeRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.engine.template.StepDefinition;
import dev.tasker.engine.template.TaskTemplate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds a new task off the loop thread: the in-memory task with its initial steps (reference §1.11)
 * and edges, and the rows that insert it. The loop only adopts them, so a submit costs the loop
 * nothing but the commit.
 */
public final class TaskPlanner {
    static final String PROVIDES = "provides";

    private final InstantSource clock;
    private final String nodeId;
    private final Function<TaskTemplate, TemplateGate> gates;

    public TaskPlanner(InstantSource clock, String nodeId, Function<TaskTemplate, TemplateGate> gates) {
        this.clock = clock;
        this.nodeId = nodeId;
        this.gates = gates;
    }

    TaskRun plan(TaskRequest request, TaskTemplate template, String identityHash) {
        return plan(request, template, identityHash, null);
    }

    /** @param propagation the instrumentations' context to store with the task, or null */
    TaskRun plan(TaskRequest request, TaskTemplate template, String identityHash, String propagation) {
        Instant now = clock.instant();
        String correlation = request.correlationId() != null
                ? request.correlationId()
                : UuidV7.next(clock).toString();
        TaskRun t = new TaskRun(
                UuidV7.next(clock),
                template,
                request.context(),
                request.priority(),
                correlation,
                now,
                gates.apply(template),
                identityHash);
        t.propagation = propagation;
        Instant runAt = request.startTime(now);
        TaskState initialState = runAt == null ? TaskState.STEPS_IN_PROCESS : TaskState.SCHEDULED;
        t.runAt = runAt;
        WriteBatch rows = new WriteBatch();
        rows.insertTask(new TaskRow(
                t.id,
                template.namespace(),
                template.name(),
                template.version(),
                Json.write(request.context()),
                identityHash,
                request.priority(),
                correlation,
                request.parentCorrelationId(),
                request.initiator(),
                request.sourceSystem(),
                request.reason(),
                request.tags().isEmpty() ? null : Json.write(Json.toNode(request.tags())),
                initialState,
                now,
                now,
                null,
                nodeId,
                propagation,
                runAt));
        // A new task always has initial steps to run, so it is inserted already in steps_in_process (or, delayed,
        // in scheduled); both moves are recorded, saving the update that would follow the insert.
        String actor = request.initiator() == null ? StepMachine.ENGINE : request.initiator();
        rows.taskTransition(
                new TaskTransitionRow(t.id, null, TaskState.PENDING, now, nodeId, actor, request.reason(), null));
        rows.taskTransition(new TaskTransitionRow(
                t.id,
                TaskState.PENDING,
                initialState,
                now,
                nodeId,
                StepMachine.ENGINE,
                runAt == null ? null : "starts at " + runAt,
                null));
        t.state = initialState;
        Set<String> initial = initialSteps(template);
        for (String name : template.graph().topologicalOrder()) {
            if (initial.contains(name)) {
                addStep(t, template.requireStep(name), rows, now);
            }
        }
        for (StepRun s : t.steps.values()) {
            for (String dep : s.definition.dependencies()) {
                StepRun parent = t.steps.get(dep);
                if (parent != null) {
                    link(parent, s);
                    rows.insertEdge(new EdgeRow(t.id, parent.id, s.id, PROVIDES));
                }
            }
        }
        t.initialRows = rows;
        return t;
    }

    private void addStep(TaskRun t, StepDefinition def, WriteBatch rows, Instant now) {
        ObjectNode inputs = Json.object();
        StepRun s = new StepRun(UuidV7.next(clock), def.name(), def.name(), def, t, inputs, now);
        t.add(s);
        t.countInitial(s);
        rows.insertStep(new StepRow(
                s.id,
                t.id,
                s.name,
                s.templateStepName,
                def.type().yamlName(),
                StepState.PENDING,
                0,
                s.maxAttempts(),
                def.retry().retryable(),
                "{}",
                null,
                null,
                now,
                now,
                null));
    }

    /**
     * The steps a task starts with (reference §1.11), less those that follow a deferred convergence or a
     * batch worker: they wait for those to be created at run time and are created with them.
     */
    static Set<String> initialSteps(TaskTemplate template) {
        Set<String> initial = new java.util.LinkedHashSet<>(template.graph().initialSteps());
        for (var step : template.steps()) {
            var type = step.type();
            if (type == dev.tasker.engine.template.StepType.DEFERRED_CONVERGENCE
                    || type == dev.tasker.engine.template.StepType.BATCH_WORKER) {
                initial.removeAll(template.graph().descendants(step.name()));
            }
        }
        return initial;
    }

    static void link(StepRun parent, StepRun child) {
        parent.children.add(child);
        child.parents.add(parent);
        if (!parent.satisfiesDependents()) {
            child.unmetParents++;
        }
    }
}
