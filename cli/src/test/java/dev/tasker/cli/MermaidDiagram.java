package dev.tasker.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Mermaid flowcharts {@link TemplateDiagram} writes: every line must be a
 * comment, the header, a node, an edge or a class line, or parsing fails. Nodes are keyed by step
 * name (the label's first part, entity codes decoded), so tests need not know the generated ids.
 *
 * @param nodes   step name to node, in output order
 * @param edges   edges between step names, in output order
 * @param dynamic step names drawn with the {@code dynamic} class
 */
record MermaidDiagram(Map<String, Node> nodes, List<Edge> edges, Set<String> dynamic) {
    /** A node: its id and its shape's opening bracket ({@code [}, <code>{</code>, {@code ((}, ...). */
    record Node(String id, String name, String shape) {}

    /** An edge; {@code branch} when drawn as a labelled dotted decision branch. */
    record Edge(String from, String to, boolean branch) {}

    private static final Pattern NODE = Pattern.compile(
            "  (\\w+)(\\[\\[|\\[/|\\[|\\{|\\(\\(\\(|\\(\\()\"([^\"]*)\"(\\]\\]|/\\]|\\]|\\}|\\)\\)\\)|\\)\\))");
    private static final Map<String, String> CLOSING =
            Map.of("[[", "]]", "[/", "/]", "[", "]", "{", "}", "(((", ")))", "((", "))");
    private static final Pattern EDGE = Pattern.compile("  (\\w+) (-->|-\\. branch \\.->) (\\w+)");
    private static final Pattern CLASS = Pattern.compile("  class (\\w+) dynamic");
    private static final Pattern ENTITY = Pattern.compile("#(\\d+);");

    static MermaidDiagram parse(String text) {
        List<String> lines = text.lines().filter(line -> !line.startsWith("%%")).toList();
        if (lines.isEmpty() || !lines.getFirst().equals("flowchart TD")) {
            throw new AssertionError("no 'flowchart TD' header in:\n" + text);
        }
        Map<String, Node> byId = new LinkedHashMap<>();
        List<String[]> edgeIds = new ArrayList<>();
        List<String> dynamicIds = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Matcher node = NODE.matcher(line);
            Matcher edge = EDGE.matcher(line);
            Matcher cls = CLASS.matcher(line);
            if (node.matches() && CLOSING.get(node.group(2)).equals(node.group(4))) {
                String name = decode(node.group(3).split("<br/>")[0]);
                if (byId.put(node.group(1), new Node(node.group(1), name, node.group(2))) != null) {
                    throw new AssertionError("node id " + node.group(1) + " declared twice in:\n" + text);
                }
            } else if (edge.matches()) {
                edgeIds.add(new String[] {edge.group(1), edge.group(3), edge.group(2)});
            } else if (cls.matches()) {
                dynamicIds.add(cls.group(1));
            } else if (!line.equals("  classDef dynamic stroke-dasharray: 5 5")) {
                throw new AssertionError("unexpected line '" + line + "' in:\n" + text);
            }
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        byId.values().forEach(n -> nodes.put(n.name(), n));
        if (nodes.size() != byId.size()) {
            throw new AssertionError("two nodes carry the same step name in:\n" + text);
        }
        List<Edge> edges = edgeIds.stream()
                .map(e -> new Edge(name(byId, e[0], text), name(byId, e[1], text), !e[2].equals("-->")))
                .toList();
        Set<String> dynamic = new LinkedHashSet<>();
        dynamicIds.forEach(id -> dynamic.add(name(byId, id, text)));
        return new MermaidDiagram(nodes, edges, dynamic);
    }

    private static String name(Map<String, Node> byId, String id, String text) {
        Node node = byId.get(id);
        if (node == null) {
            throw new AssertionError("undeclared node id " + id + " in:\n" + text);
        }
        return node.name();
    }

    private static String decode(String label) {
        return ENTITY.matcher(label)
                .replaceAll(m -> Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1)))));
    }
}
