package dev.tasker.engine.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jspecify.annotations.Nullable;

/**
 * The dependency DAG of one template: a JGraphT {@link DirectedAcyclicGraph} with an edge from
 * each dependency to its dependent. Validation, the initial step set, decision descendants and
 * visualisation all read this one graph. Every set it returns is unmodifiable and in topological
 * order, ties broken by the steps' order in the template, so results are stable and read in
 * running order.
 *
 * <p>Immutable and safe to share between threads. Parents, children, the initial set and every
 * decision's segments are computed once, when the template is built, because the engine asks
 * for them on every readiness check; ancestors and descendants are computed per call.
 */
public final class TemplateGraph {
    private static final Set<StepType> NOT_CREATED_AT_START =
            Set.of(StepType.BATCH_WORKER, StepType.DEFERRED_CONVERGENCE);

    private final DirectedAcyclicGraph<String, DefaultEdge> dag;
    private final Map<String, StepDefinition> steps = new LinkedHashMap<>();
    private final Map<String, Integer> declared = new LinkedHashMap<>();
    private final Map<String, Integer> position = new LinkedHashMap<>();
    private final Comparator<String> byPosition = Comparator.comparing(position::get);
    private final List<String> topologicalOrder;
    private final Set<String> initialSteps;
    private final Map<String, Set<String>> parents = new LinkedHashMap<>();
    private final Map<String, Set<String>> children = new LinkedHashMap<>();
    private final Map<String, List<GraphSegment>> segments = new LinkedHashMap<>();

    /**
     * @param definitions the template's steps
     * @throws IllegalArgumentException on duplicate names, unknown dependencies or a cycle
     */
    TemplateGraph(List<StepDefinition> definitions) {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        for (StepDefinition step : definitions) {
            if (steps.putIfAbsent(step.name(), step) != null) {
                throw new IllegalArgumentException("duplicate step name '" + step.name() + "'");
            }
            declared.put(step.name(), declared.size());
            dependencies.put(step.name(), step.dependencies());
        }
        DependencyGraph built = new DependencyGraph(dependencies);
        built.missing.stream().findFirst().ifPresent(m -> {
            throw new IllegalArgumentException(
                    "step '" + m.step() + "' depends on unknown step '" + m.dependency() + "'");
        });
        built.cycles.stream().findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("dependency cycle: " + c.describe());
        });
        this.dag = built.dag;
        this.topologicalOrder = List.copyOf(computeTopologicalOrder());
        topologicalOrder.forEach(step -> position.put(step, position.size()));
        for (String step : topologicalOrder) {
            parents.put(
                    step,
                    ordered(dag.incomingEdgesOf(step).stream()
                            .map(dag::getEdgeSource)
                            .toList()));
            children.put(
                    step,
                    ordered(dag.outgoingEdgesOf(step).stream()
                            .map(dag::getEdgeTarget)
                            .toList()));
        }
        this.initialSteps = computeInitialSteps();
        steps.values().stream()
                .filter(step -> step.type() == StepType.DECISION)
                .forEach(decision -> segments.put(decision.name(), computeSegments(decision.name())));
    }

    /**
     * @param step a step of this template
     * @return its dependencies
     */
    public Set<String> parents(String step) {
        return known(parents.get(require(step)));
    }

    /**
     * @param step a step of this template
     * @return the steps that list it as a dependency
     */
    public Set<String> children(String step) {
        return known(children.get(require(step)));
    }

    /**
     * @param step a step of this template
     * @return every step it transitively depends on
     */
    public Set<String> ancestors(String step) {
        return ordered(dag.getAncestors(require(step)));
    }

    /**
     * @param step a step of this template
     * @return every step that transitively depends on it
     */
    public Set<String> descendants(String step) {
        return ordered(dag.getDescendants(require(step)));
    }

    /** @return all steps, each after its dependencies; ties keep template order */
    public List<String> topologicalOrder() {
        return topologicalOrder;
    }

    /**
     * The steps created when a task starts (reference §1.11): every step that is not a transitive
     * descendant of a decision step, except {@code batch_worker} and {@code deferred_convergence}
     * steps, which are only ever created at run time.
     *
     * @return the initial step set
     */
    public Set<String> initialSteps() {
        return initialSteps;
    }

    /**
     * @param decision a step of type {@code decision}
     * @return every step that transitively depends on it: what its outcome may cause to exist
     */
    public Set<String> decisionDescendants(String decision) {
        return descendants(requireDecision(decision));
    }

    /**
     * Segments a decision's descendants (reference §1.11): one segment per direct child, holding
     * the steps reachable from that child and stopping at other decision steps, which become the
     * segment's exit decisions.
     *
     * @param decision a step of type {@code decision}
     * @return its segments in the order of its children; empty when nothing depends on it
     */
    public List<GraphSegment> segmentsFrom(String decision) {
        return known(segments.get(requireDecision(decision)));
    }

    /** @return the number of dependency edges */
    public int edgeCount() {
        return dag.edgeSet().size();
    }

    /** @return the number of steps */
    public int size() {
        return steps.size();
    }

    StepDefinition step(String name) {
        return known(steps.get(require(name)));
    }

    @Nullable
    StepDefinition findStep(String name) {
        return steps.get(name);
    }

    /** @return a read-only view of the underlying JGraphT graph, for visualisation and analysis */
    public Graph<String, DefaultEdge> asGraph() {
        return new AsUnmodifiableGraph<>(dag);
    }

    private List<GraphSegment> computeSegments(String decision) {
        List<GraphSegment> result = new ArrayList<>();
        for (String child : children(decision)) {
            result.add(segment(decision, child));
        }
        return List.copyOf(result);
    }

    private GraphSegment segment(String entry, String root) {
        Set<String> reached = new LinkedHashSet<>();
        Set<String> exits = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            String step = pending.removeFirst();
            if (known(steps.get(step)).type() == StepType.DECISION) {
                exits.add(step);
            } else if (reached.add(step)) {
                pending.addAll(children(step));
            }
        }
        return new GraphSegment(entry, root, ordered(reached), ordered(exits));
    }

    private List<String> computeTopologicalOrder() {
        // Kahn's algorithm with a queue ordered by template position: deterministic, unlike the
        // DAG's own iterator, whose order depends on the edge insertion history.
        Map<String, Integer> indegree = new LinkedHashMap<>();
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparing(declared::get));
        for (String step : steps.keySet()) {
            indegree.put(step, dag.inDegreeOf(step));
            if (dag.inDegreeOf(step) == 0) {
                ready.add(step);
            }
        }
        List<String> result = new ArrayList<>(steps.size());
        while (!ready.isEmpty()) {
            String step = ready.poll();
            result.add(step);
            for (DefaultEdge edge : dag.outgoingEdgesOf(step)) {
                String child = dag.getEdgeTarget(edge);
                if (indegree.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        return result;
    }

    private Set<String> computeInitialSteps() {
        Set<String> belowDecisions = new LinkedHashSet<>();
        steps.values().stream()
                .filter(step -> step.type() == StepType.DECISION)
                .forEach(decision -> belowDecisions.addAll(dag.getDescendants(decision.name())));
        return ordered(steps.values().stream()
                .filter(step -> !belowDecisions.contains(step.name()))
                .filter(step -> !NOT_CREATED_AT_START.contains(step.type()))
                .map(StepDefinition::name)
                .toList());
    }

    /** A value of one of the graph's maps for a step checked to be in it: present by construction. */
    private static <T> T known(@Nullable T value) {
        return Objects.requireNonNull(value, "the graph maps every step");
    }

    private String require(String step) {
        if (!steps.containsKey(step)) {
            throw new IllegalArgumentException("unknown step '" + step + "'");
        }
        return step;
    }

    private String requireDecision(String step) {
        if (known(steps.get(require(step))).type() != StepType.DECISION) {
            throw new IllegalArgumentException("step '" + step + "' is not a decision step");
        }
        return step;
    }

    private Set<String> ordered(Collection<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(byPosition);
        return frozen(sorted);
    }

    static Set<String> frozen(Collection<String> names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }
}
