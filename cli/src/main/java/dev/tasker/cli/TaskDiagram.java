package dev.tasker.cli;

import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.template.StepType;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task drawn over its template (Mermaid): every step the template plans, the ones this task actually
 * created with their state (decision branches chosen, batch workers made from their template), and the
 * ones it never created, dashed. Edges follow the template; a batch worker template is drawn as its instances.
 */
final class TaskDiagram {
    private TaskDiagram() {}

    static String mermaid(TaskTemplate template, TaskSnapshot task) {
        Map<String, List<StepSnapshot>> byTemplateStep = new LinkedHashMap<>();
        for (StepSnapshot s : task.steps()) {
            byTemplateStep
                    .computeIfAbsent(s.templateStepName(), k -> new ArrayList<>())
                    .add(s);
        }
        TemplateGraph g = template.graph();
        StringBuilder sb = new StringBuilder();
        sb.append("%% task ")
                .append(task.taskId())
                .append(" (")
                .append(template.key())
                .append("): ")
                .append(task.state().wireName())
                .append(", ")
                .append(task.steps().size())
                .append(" steps created from ")
                .append(g.size())
                .append(" template steps\n");
        sb.append("flowchart TD\n");
        Map<String, List<String>> ids = new LinkedHashMap<>();
        int n = 0;
        for (String name : g.topologicalOrder()) {
            List<StepSnapshot> made = byTemplateStep.getOrDefault(name, List.of());
            List<String> nodeIds = new ArrayList<>();
            StepType type = template.requireStep(name).type();
            if (made.isEmpty()) {
                String id = "n" + n++;
                nodeIds.add(id);
                sb.append("  ")
                        .append(id)
                        .append("[\"")
                        .append(escape(name))
                        .append("<br/><i>")
                        .append(type.yamlName())
                        .append(", not created</i>\"]\n");
                sb.append("  class ").append(id).append(" planned\n");
            }
            for (StepSnapshot s : made) {
                String id = "n" + n++;
                nodeIds.add(id);
                sb.append("  ")
                        .append(id)
                        .append("[\"")
                        .append(escape(s.name()))
                        .append("<br/><i>")
                        .append(s.state().wireName())
                        .append(", attempts ")
                        .append(s.attempts())
                        .append("</i>\"]\n");
                sb.append("  class ").append(id).append(' ').append(cssClass(s)).append('\n');
            }
            ids.put(name, nodeIds);
        }
        for (String name : g.topologicalOrder()) {
            for (String child : g.children(name)) {
                for (String from : ids.get(name)) {
                    for (String to : ids.get(child)) {
                        sb.append("  ").append(from).append(" --> ").append(to).append('\n');
                    }
                }
            }
        }
        sb.append("  classDef planned stroke-dasharray: 5 5,color:#888\n");
        sb.append("  classDef done fill:#d4edda\n  classDef failed fill:#f8d7da\n  classDef active fill:#cce5ff\n");
        return sb.toString();
    }

    private static String cssClass(StepSnapshot s) {
        return switch (s.state()) {
            case COMPLETE, RESOLVED_MANUALLY -> "done";
            case ERROR, CANCELLED -> "failed";
            default -> "active";
        };
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;");
    }
}
