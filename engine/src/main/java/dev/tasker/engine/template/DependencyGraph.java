package dev.tasker.engine.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jspecify.annotations.NullUnmarked;

/**
 * Builds the one JGraphT DAG of a template (edge parent → child) and records, instead of
 * failing, what does not fit: dependencies on unknown steps and edges that would close a cycle.
 * The loader turns those into problems with locations; {@link TemplateGraph} into an exception.
 */
// Not checked by NullAway yet: its nulls (map lookups, absent YAML fields handed to records that default them) are
// still to sort out.
@NullUnmarked
final class DependencyGraph {
    /** A dependency naming no step. */
    record MissingDependency(String step, int dependencyIndex, String dependency) {}

    /** A cycle as a closed path in running order, e.g. [a, b, c, a]; {@code step} closes it. */
    record Cycle(String step, List<String> path) {
        String describe() {
            return String.join(" -> ", path);
        }
    }

    final DirectedAcyclicGraph<String, DefaultEdge> dag = new DirectedAcyclicGraph<>(DefaultEdge.class);
    final List<MissingDependency> missing = new ArrayList<>();
    final List<Cycle> cycles = new ArrayList<>();
    private final Map<String, Integer> order = new HashMap<>();

    /**
     * @param dependencies each step's dependencies, in declaration order (a LinkedHashMap);
     *                     self-dependencies are skipped here, the caller reports them
     */
    DependencyGraph(Map<String, List<String>> dependencies) {
        for (String step : dependencies.keySet()) {
            order.put(step, order.size());
            dag.addVertex(step);
        }
        Set<String> seenCycles = new LinkedHashSet<>();
        dependencies.forEach((step, parents) -> {
            for (int i = 0; i < parents.size(); i++) {
                String parent = parents.get(i);
                if (!order.containsKey(parent)) {
                    missing.add(new MissingDependency(step, i, parent));
                } else if (!parent.equals(step)) {
                    addEdge(parent, step, seenCycles);
                }
            }
        });
    }

    boolean isValid() {
        return missing.isEmpty() && cycles.isEmpty();
    }

    int indexOf(String step) {
        return order.get(step);
    }

    private void addEdge(String parent, String child, Set<String> seenCycles) {
        try {
            dag.addEdge(parent, child);
        } catch (IllegalArgumentException cycle) {
            // The DAG refuses the edge because child already reaches parent: that path plus this
            // edge is the cycle. Report each distinct cycle once.
            List<String> path = rotate(pathBetween(child, parent));
            if (seenCycles.add(String.join(" ", path))) {
                path.add(path.getFirst());
                cycles.add(new Cycle(child, List.copyOf(path)));
            }
        }
    }

    /** Shortest path from {@code from} to {@code to} along edges (breadth first). */
    private List<String> pathBetween(String from, String to) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        cameFrom.put(from, from);
        while (!queue.isEmpty() && !cameFrom.containsKey(to)) {
            String node = queue.removeFirst();
            for (DefaultEdge edge : dag.outgoingEdgesOf(node)) {
                String next = dag.getEdgeTarget(edge);
                if (cameFrom.putIfAbsent(next, node) == null) {
                    queue.addLast(next);
                }
            }
        }
        List<String> path = new ArrayList<>();
        for (String node = to; !node.equals(from); node = cameFrom.get(node)) {
            path.add(node);
        }
        path.add(from);
        Collections.reverse(path);
        return path;
    }

    /** Starts the cycle at its earliest-declared step, so the same cycle always reads the same. */
    private List<String> rotate(List<String> cycle) {
        int start = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (order.get(cycle.get(i)) < order.get(cycle.get(start))) {
                start = i;
            }
        }
        List<String> rotated = new ArrayList<>(cycle.subList(start, cycle.size()));
        rotated.addAll(cycle.subList(0, start));
        return rotated;
    }
}
