package dev.tasker.cli;

import dev.tasker.engine.template.StepDefinition;
import dev.tasker.engine.template.StepType;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateGraph;
import java.util.HashSet;
import java.util.Set;

/**
 * Draws a template's DAG as Mermaid or Graphviz DOT, from the template's one JGraphT graph.
 * Shapes show step types (decision: rhombus; batchable: parallelogram; batch worker: subroutine;
 * deferred convergence: double circle); steps created only at run time — decision branches, batch
 * workers, deferred steps — are drawn dashed, and edges out of a decision are labelled as branches.
 */
final class TemplateDiagram {
    private TemplateDiagram() {
    }

    static String mermaid(TaskTemplate t) {
        TemplateGraph g = t.graph();
        Set<String> dynamic = dynamicSteps(t);
        StringBuilder sb = new StringBuilder();
        sb.append("%% ").append(t.key()).append('\n');
        sb.append("flowchart TD\n");
        for (String name : g.topologicalOrder()) {
            StepDefinition s = t.requireStep(name);
            sb.append("  ").append(id(name)).append(mermaidShape(name, s.type())).append('\n');
        }
        for (String name : g.topologicalOrder()) {
            boolean fromDecision = t.requireStep(name).type() == StepType.DECISION;
            for (String child : g.children(name)) {
                sb.append("  ").append(id(name)).append(fromDecision ? " -. branch .-> " : " --> ")
                        .append(id(child)).append('\n');
            }
        }
        sb.append("  classDef dynamic stroke-dasharray: 5 5\n");
        for (String name : dynamic) {
            sb.append("  class ").append(id(name)).append(" dynamic\n");
        }
        return sb.toString();
    }

    static String dot(TaskTemplate t) {
        TemplateGraph g = t.graph();
        Set<String> dynamic = dynamicSteps(t);
        StringBuilder sb = new StringBuilder();
        sb.append("digraph \"").append(t.key()).append("\" {\n  rankdir=TB;\n");
        for (String name : g.topologicalOrder()) {
            StepType type = t.requireStep(name).type();
            sb.append("  \"").append(name).append("\" [label=\"").append(name).append("\\n").append(type.yamlName())
                    .append("\", shape=").append(dotShape(type))
                    .append(dynamic.contains(name) ? ", style=dashed" : "").append("];\n");
        }
        for (String name : g.topologicalOrder()) {
            boolean fromDecision = t.requireStep(name).type() == StepType.DECISION;
            for (String child : g.children(name)) {
                sb.append("  \"").append(name).append("\" -> \"").append(child).append('"')
                        .append(fromDecision ? " [style=dashed, label=\"branch\"]" : "").append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    /** Steps that exist only if the run creates them: not in the initial set. */
    private static Set<String> dynamicSteps(TaskTemplate t) {
        Set<String> all = new HashSet<>(t.graph().topologicalOrder());
        all.removeAll(t.graph().initialSteps());
        return all;
    }

    private static String mermaidShape(String name, StepType type) {
        String label = "\"" + name + (type == StepType.STANDARD ? "" : "<br/><i>" + type.yamlName() + "</i>") + "\"";
        return switch (type) {
            case STANDARD -> "[" + label + "]";
            case DECISION -> "{" + label + "}";
            case BATCHABLE -> "[/" + label + "/]";
            case BATCH_WORKER -> "[[" + label + "]]";
            case DEFERRED_CONVERGENCE -> "((" + label + "))";
        };
    }

    private static String dotShape(StepType type) {
        return switch (type) {
            case STANDARD -> "box";
            case DECISION -> "diamond";
            case BATCHABLE -> "parallelogram";
            case BATCH_WORKER -> "box3d";
            case DEFERRED_CONVERGENCE -> "doublecircle";
        };
    }

    /** A Mermaid-safe node id. */
    private static String id(String name) {
        return "s_" + name.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
