package dev.tasker.cli.spi;

import dev.tasker.engine.template.StepDefinition;
import dev.tasker.engine.template.StepType;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateGraph;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Draws a template's DAG as Mermaid or Graphviz DOT, from the template's one JGraphT graph.
 * Shapes show step types (decision: rhombus; batchable: parallelogram; batch worker: subroutine;
 * deferred convergence: double circle); steps created only at run time — decision branches, batch
 * workers, deferred steps — are drawn dashed, and edges out of a decision are labelled as branches.
 * Step names may hold any character, so names are escaped in labels and Mermaid ids are made unique.
 */
public final class TemplateDiagram {
    private TemplateDiagram() {}

    public static String mermaid(TaskTemplate t) {
        TemplateGraph g = t.graph();
        Set<String> dynamic = dynamicSteps(t);
        Map<String, String> ids = mermaidIds(g);
        StringBuilder sb = new StringBuilder();
        sb.append("%% ").append(t.key().replaceAll("\\R", " ")).append('\n');
        sb.append("flowchart TD\n");
        for (String name : g.topologicalOrder()) {
            StepDefinition s = t.requireStep(name);
            sb.append("  ")
                    .append(ids.get(name))
                    .append(mermaidShape(name, s.type()))
                    .append('\n');
        }
        for (String name : g.topologicalOrder()) {
            boolean fromDecision = t.requireStep(name).type() == StepType.DECISION;
            for (String child : g.children(name)) {
                sb.append("  ")
                        .append(ids.get(name))
                        .append(fromDecision ? " -. branch .-> " : " --> ")
                        .append(ids.get(child))
                        .append('\n');
            }
        }
        sb.append("  classDef dynamic stroke-dasharray: 5 5\n");
        for (String name : g.topologicalOrder()) {
            if (dynamic.contains(name)) {
                sb.append("  class ").append(ids.get(name)).append(" dynamic\n");
            }
        }
        return sb.toString();
    }

    public static String dot(TaskTemplate t) {
        TemplateGraph g = t.graph();
        Set<String> dynamic = dynamicSteps(t);
        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(dotQuoted(t.key())).append(" {\n  rankdir=TB;\n");
        for (String name : g.topologicalOrder()) {
            StepType type = t.requireStep(name).type();
            sb.append("  ")
                    .append(dotQuoted(name))
                    .append(" [label=")
                    .append(dotQuoted(name + "\n" + type.yamlName()))
                    .append(", shape=")
                    .append(dotShape(type))
                    .append(dynamic.contains(name) ? ", style=dashed" : "")
                    .append("];\n");
        }
        for (String name : g.topologicalOrder()) {
            boolean fromDecision = t.requireStep(name).type() == StepType.DECISION;
            for (String child : g.children(name)) {
                sb.append("  ")
                        .append(dotQuoted(name))
                        .append(" -> ")
                        .append(dotQuoted(child))
                        .append(fromDecision ? " [style=dashed, label=\"branch\"]" : "")
                        .append(";\n");
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
        String label = "\"" + mermaidText(name)
                + (type == StepType.STANDARD ? "" : "<br/><i>" + type.yamlName() + "</i>") + "\"";
        return switch (type) {
            case STANDARD -> "[" + label + "]";
            case DECISION -> "{" + label + "}";
            case BATCHABLE -> "[/" + label + "/]";
            case BATCH_WORKER -> "[[" + label + "]]";
            case DEFERRED_CONVERGENCE -> "(((" + label + ")))";
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

    /**
     * Mermaid-safe node ids, readable ({@code s_} and the name with other characters as {@code _}),
     * with a numeric suffix where two names would otherwise share one ({@code a-b}, {@code a_b}).
     */
    private static Map<String, String> mermaidIds(TemplateGraph g) {
        Map<String, String> ids = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (String name : g.topologicalOrder()) {
            String base = "s_" + name.replaceAll("[^A-Za-z0-9_]", "_");
            String id = base;
            for (int n = 2; !taken.add(id); n++) {
                id = base + "_" + n;
            }
            ids.put(name, id);
        }
        return ids;
    }

    /** Text inside a quoted Mermaid label: characters Mermaid or HTML would read become entity codes. */
    private static String mermaidText(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '#' || c == '<' || c == '>' || c == '&' || c < ' ') {
                sb.append('#').append(c).append(';');
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** A DOT quoted string; a line break becomes DOT's centred {@code \n}. */
    private static String dotQuoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\R", "\\\\n") + '"';
    }
}
