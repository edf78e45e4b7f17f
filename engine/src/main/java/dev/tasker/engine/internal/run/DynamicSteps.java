package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.StepState;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.UuidV7;
import dev.tasker.engine.store.spi.EdgeRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.engine.template.BatchConfiguration;
import dev.tasker.engine.template.GraphSegment;
import dev.tasker.engine.template.StepDefinition;
import dev.tasker.engine.template.StepType;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the steps a decision or a batchable step plans (reference §4.1–4.3, SPEC §4), on the loop
 * thread, in the same transaction that records the planning step's completion (invariant 8). A step that
 * already exists is reused, so planning twice creates nothing twice.
 */
public final class DynamicSteps {
    static final String BATCH_DEPENDENCY = "batch_dependency";
    static final String WORKER_TO_CONVERGENCE = "worker_to_convergence";

    private final ReadyQueue queue;

    DynamicSteps(ReadyQueue queue) {
        this.queue = queue;
    }

    /** Thrown when an outcome cannot be carried out; the planning step then fails permanently. */
    static final class InvalidOutcome extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidOutcome(String message) {
            super(message, null, false, false);
        }
    }

    // ---- decisions ---------------------------------------------------------------------------

    /** Checks a decision's outcome before anything is recorded; throws naming every bad step. */
    static void validateDecision(StepRun decision, List<String> requested) {
        TemplateGraph g = decision.task.template.graph();
        Set<String> allowed = new LinkedHashSet<>();
        for (GraphSegment seg : g.segmentsFrom(decision.templateStepName)) {
            allowed.addAll(seg.steps());
            allowed.addAll(seg.exitDecisions());
        }
        List<String> bad = requested.stream().filter(n -> !allowed.contains(n)).toList();
        if (!bad.isEmpty()) {
            List<String> unknown = bad.stream()
                    .filter(n -> decision.task.template.step(n).isEmpty())
                    .toList();
            throw new InvalidOutcome("decision '" + decision.name + "' chose " + bad + ", which "
                    + (unknown.size() == bad.size()
                            ? "are not steps of the template"
                            : "are not steps it can create (unknown: " + unknown + ")")
                    + "; it can create " + allowed);
        }
    }

    /** Creates the chosen branches, their exit decisions, the deferred convergence steps they feed and the steps after those. */
    void decide(StepRun decision, List<String> requested, Cycle cy) {
        TaskTemplate tpl = decision.task.template;
        TemplateGraph g = tpl.graph();
        Set<String> created = new LinkedHashSet<>(requested);
        List<GraphSegment> segments = g.segmentsFrom(decision.templateStepName);
        for (GraphSegment seg : segments) {
            if (requested.stream()
                    .anyMatch(r -> seg.contains(r) || seg.exitDecisions().contains(r))) {
                created.addAll(seg.exitDecisions());
            }
        }
        expandWithinSegments(g, tpl, segments, created);
        addConvergence(tpl, created, created);
        addAfterConvergence(tpl, g, created, Set.of(decision.templateStepName));
        List<StepRun> made = materialize(decision.task, created, cy);
        for (StepRun x : made) {
            for (String dep : x.definition.dependencies()) {
                StepRun parent = created.contains(dep) ? decision.task.steps.get(dep) : null;
                if (parent != null) {
                    edge(parent, x, TaskPlanner.PROVIDES, cy);
                } else if (x.definition.type() != StepType.DEFERRED_CONVERGENCE) {
                    edge(decision, x, TaskPlanner.PROVIDES, cy);
                }
            }
        }
        release(made, cy);
    }

    /** (c) forward from the chosen steps through dependents inside the decision's segments. */
    private static void expandWithinSegments(
            TemplateGraph g, TaskTemplate tpl, List<GraphSegment> segments, Set<String> created) {
        Set<String> inSegments = new LinkedHashSet<>();
        segments.forEach(s -> inSegments.addAll(s.steps()));
        ArrayDeque<String> todo = new ArrayDeque<>(created);
        while (!todo.isEmpty()) {
            for (String child : g.children(todo.poll())) {
                StepType type = tpl.requireStep(child).type();
                if (inSegments.contains(child)
                        && type != StepType.DEFERRED_CONVERGENCE
                        && type != StepType.BATCH_WORKER
                        && created.add(child)) {
                    todo.add(child);
                }
            }
        }
    }

    /** (d) every deferred convergence step whose dependencies meet {@code feeding}. */
    private static void addConvergence(TaskTemplate tpl, Set<String> feeding, Set<String> created) {
        for (StepDefinition d : tpl.steps()) {
            if (d.type() == StepType.DEFERRED_CONVERGENCE
                    && d.dependencies().stream().anyMatch(feeding::contains)) {
                created.add(d.name());
            }
        }
    }

    /** (e) steps after a convergence whose dependencies are all created now or already satisfied. */
    private static void addAfterConvergence(
            TaskTemplate tpl, TemplateGraph g, Set<String> created, Set<String> alsoSatisfied) {
        ArrayDeque<String> todo = new ArrayDeque<>();
        created.stream()
                .filter(n -> tpl.requireStep(n).type() == StepType.DEFERRED_CONVERGENCE)
                .forEach(todo::add);
        while (!todo.isEmpty()) {
            for (String child : g.children(todo.poll())) {
                StepType type = tpl.requireStep(child).type();
                boolean ready = tpl.requireStep(child).dependencies().stream()
                        .allMatch(d -> created.contains(d) || alsoSatisfied.contains(d));
                if (ready && type != StepType.BATCH_WORKER && created.add(child)) {
                    todo.add(child);
                }
            }
        }
    }

    // ---- batches -----------------------------------------------------------------------------

    /** Creates one worker per cursor (or the no-op placeholder), the convergence steps and the steps after them. */
    void batch(StepRun batchable, JsonNode outcome, Cycle cy) {
        TaskRun t = batchable.task;
        if (batchable.children.stream().anyMatch(c -> c.inputs.has("__template_step_name"))) {
            return; // planned already
        }
        StepDefinition worker =
                workerTemplate(batchable, outcome.path("worker_template_name").asText(null));
        BatchConfiguration cfg = worker.batchConfig() != null
                ? worker.batchConfig()
                : new BatchConfiguration(
                        BatchConfiguration.DEFAULT_BATCH_SIZE,
                        BatchConfiguration.DEFAULT_PARALLELISM,
                        BatchConfiguration.DEFAULT_CURSOR_FIELD,
                        worker.name(),
                        BatchConfiguration.DEFAULT_FAILURE_STRATEGY);
        boolean noBatches = "no_batches".equals(outcome.path("type").asText());
        List<JsonNode> cursors = new ArrayList<>();
        if (noBatches) {
            ObjectNode c = Json.object()
                    .put("batch_id", "000")
                    .put("start_cursor", 0)
                    .put("end_cursor", 0)
                    .put("batch_size", 0);
            cursors.add(c);
        } else {
            outcome.path("cursor_configs").forEach(cursors::add);
            if (cursors.isEmpty()) {
                throw new InvalidOutcome("batchable step '" + batchable.name + "' planned batches with no cursor");
            }
            // Workers are named by batch_id and an existing name is reused, so a missing or repeated id
            // would silently merge cursors into one worker and drop the others' items.
            Set<String> ids = new LinkedHashSet<>();
            for (JsonNode c : cursors) {
                String id = c.path("batch_id").asText("");
                if (id.isBlank() || !ids.add(id)) {
                    throw new InvalidOutcome("batchable step '" + batchable.name + "' planned a cursor with "
                            + (id.isBlank() ? "no batch_id: " + c : "the batch_id '" + id + "' of another cursor")
                            + "; each worker needs its own batch_id");
                }
            }
        }
        TemplateGate batchGate = new TemplateGate(t.templateKey() + "/" + batchable.name, cfg.parallelism());
        List<StepRun> workers = new ArrayList<>();
        for (JsonNode cursor : cursors) {
            ObjectNode inputs = Json.object();
            inputs.set("cursor", cursor);
            inputs.putObject("batch_metadata")
                    .put("cursor_field", cfg.cursorField())
                    .put("failure_strategy", cfg.failureStrategy().yamlName())
                    .put("batchable_step", batchable.name);
            inputs.put("is_no_op", noBatches);
            inputs.put("__template_step_name", worker.name());
            StepRun w = create(
                    t, worker, worker.name() + "_" + cursor.path("batch_id").asText(), inputs, cy);
            w.batchGate = batchGate;
            edge(batchable, w, BATCH_DEPENDENCY, cy);
            workers.add(w);
        }
        TaskTemplate tpl = t.template;
        Set<String> created = new LinkedHashSet<>();
        addConvergence(tpl, Set.of(worker.name()), created);
        addAfterConvergence(tpl, tpl.graph(), created, Set.of());
        List<StepRun> made = materialize(t, created, cy);
        for (StepRun x : made) {
            if (x.definition.type() == StepType.DEFERRED_CONVERGENCE) {
                workers.forEach(w -> edge(w, x, WORKER_TO_CONVERGENCE, cy));
            } else {
                for (String dep : x.definition.dependencies()) {
                    StepRun parent = t.steps.get(dep);
                    if (parent != null) {
                        edge(parent, x, TaskPlanner.PROVIDES, cy);
                    }
                }
            }
        }
        List<StepRun> all = new ArrayList<>(workers);
        all.addAll(made);
        release(all, cy);
    }

    /** The worker template: from the outcome, the batchable's initialization, or the only batch_worker after it. */
    private static StepDefinition workerTemplate(StepRun batchable, String named) {
        TaskTemplate tpl = batchable.task.template;
        String name = named;
        if (name == null && batchable.definition.handler().initialization() != null) {
            name = batchable
                    .definition
                    .handler()
                    .initialization()
                    .path("worker_template_name")
                    .asText(null);
        }
        if (name == null) {
            List<String> workers = tpl.graph().descendants(batchable.templateStepName).stream()
                    .filter(n -> tpl.requireStep(n).type() == StepType.BATCH_WORKER)
                    .toList();
            if (workers.size() != 1) {
                throw new InvalidOutcome("batchable step '" + batchable.name + "' did not name its worker template, "
                        + "and "
                        + (workers.isEmpty() ? "no batch_worker step" : "several batch_worker steps " + workers)
                        + " follow it; name one with createBatches/noBatches or worker_template_name");
            }
            name = workers.get(0);
        }
        String n = name;
        StepDefinition def = tpl.step(n)
                .orElseThrow(() -> new InvalidOutcome("batchable step '" + batchable.name + "' names worker template '"
                        + n + "', which is not a step of the template"));
        if (def.type() != StepType.BATCH_WORKER) {
            throw new InvalidOutcome("batchable step '" + batchable.name + "' names worker template '" + n
                    + "', which is a " + def.type().yamlName() + " step, not a batch_worker");
        }
        return def;
    }

    // ---- creating rows -----------------------------------------------------------------------

    /** The named template steps as steps of the task, creating those that do not exist yet. */
    private List<StepRun> materialize(TaskRun t, Set<String> names, Cycle cy) {
        List<StepRun> made = new ArrayList<>();
        for (String name : t.template.graph().topologicalOrder()) {
            if (names.contains(name) && !t.steps.containsKey(name)) {
                made.add(create(t, t.template.requireStep(name), name, Json.object(), cy));
            }
        }
        return made;
    }

    private StepRun create(TaskRun t, StepDefinition def, String name, ObjectNode inputs, Cycle cy) {
        StepRun existing = t.steps.get(name);
        if (existing != null) {
            return existing;
        }
        StepRun s = new StepRun(UuidV7.next(() -> cy.now), name, def.name(), def, t, inputs, cy.now);
        t.add(s);
        t.countInitial(s);
        String type = def.type() == StepType.BATCH_WORKER
                ? StepType.STANDARD.yamlName()
                : def.type().yamlName();
        WriteBatch rows = cy.writes(t);
        cy.inserted(s, rows.stepInserts().size());
        rows.insertStep(new StepRow(
                s.id,
                t.id,
                name,
                def.name(),
                type,
                StepState.PENDING,
                0,
                s.maxAttempts(),
                def.retry().retryable(),
                Json.write(inputs),
                null,
                null,
                cy.now,
                cy.now,
                null));
        return s;
    }

    private static void edge(StepRun parent, StepRun child, String name, Cycle cy) {
        // Look in the shorter list: a convergence step has one parent per worker and a batchable step one
        // child per worker, so always searching one side made planning N workers O(N²) (~1 s for 10,000).
        boolean exists = child.parents.size() <= parent.children.size()
                ? child.parents.contains(parent)
                : parent.children.contains(child);
        if (exists) {
            return;
        }
        TaskPlanner.link(parent, child);
        cy.writes(child.task).insertEdge(new EdgeRow(child.task.id, parent.id, child.id, name));
    }

    private void release(List<StepRun> made, Cycle cy) {
        for (StepRun s : made) {
            if (s.isRunnable(cy.now)) {
                queue.enqueue(s);
            }
        }
        if (!made.isEmpty()) {
            cy.touch(made.get(0).task);
        }
    }
}
