package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.ErrorType;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskLink;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.TaskLinkRow;
import dev.tasker.engine.template.InputPaths;
import dev.tasker.engine.template.SubWorkflow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Sub-workflow steps (template {@code extensions.sub_workflows}), on the loop thread: a step, once reached,
 * creates its child task in the same cycle, so that the parent's claim, the child's rows and their link commit
 * in one transaction (a crash leaves both or neither). The child's identity key is derived from the parent step
 * ({@code sub-workflow:<parent task>/<step>}): a retry of the step finds the child it started, never a second.
 * The step then waits (no thread, no slot) until the child ends: complete → the step completes with the
 * child's result (the results of its leaf steps, by step name); error or cancelled → the step fails with the
 * child's error. Cancelling the parent cancels the child.
 */
final class SubWorkflows {
    private final StepMachine steps;
    private final ChildTasks prepare;
    private final Map<UUID, TaskRun> live;
    /** Submits the child in this cycle, as a submit command would. */
    private final BiConsumer<Command.Submit, Cycle> submit;
    /** Reads a task from the store (a child that ended while its parent was not in memory). */
    private final Function<UUID, Optional<StoredTask>> stored;

    private final java.util.function.Consumer<Command> post;
    private final String nodeId;

    SubWorkflows(
            String nodeId,
            StepMachine steps,
            ChildTasks prepare,
            Map<UUID, TaskRun> live,
            BiConsumer<Command.Submit, Cycle> submit,
            Function<UUID, Optional<StoredTask>> stored,
            java.util.function.Consumer<Command> post) {
        this.nodeId = nodeId;
        this.steps = steps;
        this.prepare = prepare;
        this.live = live;
        this.submit = submit;
        this.stored = stored;
        this.post = post;
    }

    /**
     * A child in this state has ended for its parent step: terminal, or blocked by failures (its error is the
     * step's; if an operator repairs the child, a reset of the parent step takes its result).
     */
    static boolean isOver(TaskState state) {
        return state.isTerminal() || state == TaskState.BLOCKED_BY_FAILURES;
    }

    /** The identity key of the child a parent step starts. */
    static String childKey(UUID parentTaskId, String step) {
        return "sub-workflow:" + parentTaskId + "/" + step;
    }

    /** The step was reached (and is now waiting): it starts its child, or waits again for the one it started. */
    void start(StepRun s, Cycle cy) {
        if (s.childTaskId != null) { // reset by an operator after the child ended: look at that child again
            resume(s, cy);
            return;
        }
        SubWorkflow sw = s.subWorkflow;
        TaskRun parent = s.task;
        Command.Submit child;
        try {
            JsonNode context = sw.input().isEmpty()
                    ? parent.context.deepCopy()
                    : InputPaths.build(sw.input(), parent.context, name -> {
                        StepRun dep = parent.steps.get(name);
                        return dep == null ? null : dep.result;
                    });
            TaskRequest request =
                    TaskRequest.of(sw.namespace(), sw.name(), context).withIdempotencyKey(childKey(parent.id, s.name));
            if (sw.version() != null) {
                request = request.withVersion(sw.version());
            }
            request = request.withCorrelation(null, parent.correlationId)
                    .withOrigin("sub-workflow", null, "step '" + s.name + "' of task " + parent.id);
            child = prepare.prepare(request);
        } catch (RuntimeException e) {
            fail(
                    s,
                    "cannot start the sub-workflow " + sw.target() + " of step '" + s.name + "': " + e.getMessage(),
                    cy);
            return;
        }
        TaskRun c = child.task();
        c.parent = new TaskLink(parent.id, s.name, c.id);
        s.childTaskId = c.id;
        submit.accept(child, cy);
        UUID existing = duplicateOf(child);
        if (existing != null) { // the step's child exists already (found by its identity)
            s.childTaskId = existing;
            TaskRun running = live.get(existing);
            if (running != null) {
                running.parent = new TaskLink(parent.id, s.name, existing);
                if (isOver(running.state)) {
                    ended(s, running.state, running, cy);
                }
            }
            return;
        }
        cy.writes(parent).insertLink(new TaskLinkRow(c.id, parent.id, s.name, cy.now));
        cy.writes(parent)
                .taskTransition(new dev.tasker.engine.store.spi.TaskTransitionRow(
                        parent.id,
                        parent.state,
                        parent.state,
                        cy.now,
                        nodeId,
                        StepMachine.ENGINE,
                        "sub-workflow step '" + s.name + "' started child task " + c.id + " (" + c.template.key() + ")",
                        null));
    }

    /** The id of the task the submit was a duplicate of (answered at once), or null when it is new. */
    private static UUID duplicateOf(Command.Submit submit) {
        Command.SubmitAck ack = submit.ack().getNow(null);
        return ack != null && ack.duplicate() ? ack.taskId() : null;
    }

    /** A waiting step of a task loaded from the store: its child may have ended meanwhile. */
    void resume(StepRun s, Cycle cy) {
        if (s.childTaskId == null) {
            return; // the link is written with the claim: a step in progress without one was never started
        }
        TaskRun child = live.get(s.childTaskId);
        if (child != null) {
            child.parent = new TaskLink(s.task.id, s.name, child.id);
            if (isOver(child.state)) {
                ended(s, child.state, child, cy);
            }
            return;
        }
        Optional<StoredTask> found = stored.apply(s.childTaskId);
        if (found.isEmpty()) {
            fail(s, "the child task " + s.childTaskId + " of step '" + s.name + "' does not exist", cy);
            return;
        }
        StoredTask c = found.get();
        if (isOver(c.task().state())) {
            endedStored(s, c, cy);
        }
    }

    /** A task moved to a terminal state: if a waiting parent step in memory started it, that step ends too. */
    void taskEnded(TaskRun child, Cycle cy) {
        TaskLink link = child.parent;
        if (link == null) {
            return;
        }
        TaskRun parent = live.get(link.parentTaskId());
        if (parent == null || parent.evicted) {
            // The parent is not in this memory: it looks at the child when it is loaded; if another node holds
            // it, that node is told with this commit (Membership.announce; nothing when the engine is alone).
            cy.nudges.add(link.parentTaskId());
            return;
        }
        StepRun s = parent.steps.get(link.parentStep());
        if (s != null && s.waiting && child.id.equals(s.childTaskId)) {
            ended(s, child.state, child, cy);
        }
    }

    /**
     * A child task ended on another node, read from the store after that node's nudge: the parent step, if it
     * still waits here for this child, ends with it (once: a step that no longer waits ignores it).
     */
    void endedElsewhere(UUID parentTaskId, String step, StoredTask child, Cycle cy) {
        TaskRun parent = live.get(parentTaskId);
        if (parent == null || parent.evicted) {
            return;
        }
        StepRun s = parent.steps.get(step);
        if (s == null
                || !s.waiting
                || s.state != StepState.IN_PROGRESS
                || !child.task().taskId().equals(s.childTaskId)
                || !isOver(child.task().state())) {
            return;
        }
        TaskRun here = live.get(s.childTaskId);
        if (here != null) {
            return; // the child runs here: its end reaches the step through taskEnded
        }
        endedStored(s, child, cy);
    }

    /** The parent task is cancelled: each child still running here is cancelled too. */
    void parentCancelled(TaskRun parent, String actor, Cycle cy) {
        for (StepRun s : parent.steps.values()) {
            if (s.childTaskId == null) {
                continue;
            }
            TaskRun child = live.get(s.childTaskId);
            if (child != null && !child.state.isTerminal()) {
                UUID id = child.id;
                cy.after(
                        parent,
                        () -> post.accept(new Command.Cancel(
                                id,
                                null,
                                actor,
                                "parent task " + parent.id + " was cancelled",
                                new java.util.concurrent.CompletableFuture<>())));
            }
        }
    }

    private void ended(StepRun s, TaskState state, TaskRun child, Cycle cy) {
        if (!s.waiting || s.state != StepState.IN_PROGRESS) {
            return;
        }
        if (state == TaskState.COMPLETE || state == TaskState.RESOLVED_MANUALLY) {
            ObjectNode result = Json.object();
            for (StepRun cs : child.steps.values()) {
                if (cs.children.isEmpty()) {
                    result.set(cs.name, cs.result == null ? Json.object().nullNode() : cs.result.deepCopy());
                }
            }
            complete(s, result, cy);
        } else {
            ObjectNode error = null;
            String failedStep = null;
            for (StepRun cs : child.steps.values()) {
                if (cs.state == StepState.ERROR && cs.error instanceof ObjectNode e) {
                    error = e;
                    failedStep = cs.name;
                    break;
                }
            }
            fail(s, message(child.id, state, failedStep, error), cy);
        }
    }

    private void endedStored(StepRun s, StoredTask child, Cycle cy) {
        TaskState state = child.task().state();
        if (state == TaskState.COMPLETE || state == TaskState.RESOLVED_MANUALLY) {
            java.util.Set<UUID> parents = new java.util.HashSet<>();
            child.edges().forEach(e -> parents.add(e.fromStepId()));
            ObjectNode result = Json.object();
            for (var row : child.steps()) {
                if (!parents.contains(row.stepId())) {
                    JsonNode r = child.results().stream()
                            .filter(x -> x.stepId().equals(row.stepId()) && x.success())
                            .map(x -> Json.read(x.resultJson()))
                            .findFirst()
                            .orElse(null);
                    result.set(row.name(), r == null ? Json.object().nullNode() : r);
                }
            }
            complete(s, result, cy);
        } else {
            fail(s, message(child.task().taskId(), state, null, null), cy);
        }
    }

    private static String message(UUID child, TaskState state, String failedStep, ObjectNode error) {
        return "the child task " + child + " ended " + state.wireName()
                + (failedStep == null
                        ? ""
                        : ": step '" + failedStep + "' failed: "
                                + error.path("message").asText(""));
    }

    private void complete(StepRun s, ObjectNode result, Cycle cy) {
        ObjectNode metadata = Json.object();
        metadata.put("child_task_id", s.childTaskId.toString());
        steps.complete(s, new Outcome.Succeeded(result, Json.write(result), metadata, Outcome.Kind.RESULT), cy);
    }

    private void fail(StepRun s, String message, Cycle cy) {
        ObjectNode metadata = Json.object();
        if (s.childTaskId != null) {
            metadata.put("child_task_id", s.childTaskId.toString());
        }
        Outcome.Failed f =
                new Outcome.Failed(message, ErrorType.PERMANENT_ERROR, false, null, "sub_workflow_failed", metadata);
        ObjectNode error = f.toJson();
        if (s.childTaskId != null) {
            error.put("child_task_id", s.childTaskId.toString());
        }
        steps.fail(s, f, error, null, cy);
    }

    /** The parent links of a task just loaded: its own parent, and its steps' children. */
    static void attach(TaskRun t, List<TaskLinkRow> links) {
        for (TaskLinkRow l : links) {
            if (l.childTaskId().equals(t.id)) {
                t.parent = new TaskLink(l.parentTaskId(), l.parentStepName(), l.childTaskId());
            } else if (l.parentTaskId().equals(t.id)) {
                StepRun s = t.steps.get(l.parentStepName());
                if (s != null) {
                    s.childTaskId = l.childTaskId();
                }
            }
        }
    }
}
