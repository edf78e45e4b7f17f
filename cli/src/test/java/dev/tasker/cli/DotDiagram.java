package dev.tasker.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Graphviz DOT graphs {@link TemplateDiagram} writes: every line must be
 * the header, {@code rankdir}, a node, an edge or the closing brace, or parsing fails. Quoted IDs
 * are unescaped, so nodes are keyed by their step name.
 *
 * @param nodes step name to its attributes, in output order
 * @param edges edges, in output order
 */
record DotDiagram(Map<String, Map<String, String>> nodes, List<Edge> edges) {
    /** An edge between step names with its attributes (empty when it has none). */
    record Edge(String from, String to, Map<String, String> attributes) {}

    private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    private static final Pattern NODE = Pattern.compile("  " + QUOTED + " \\[(.*)\\];");
    private static final Pattern EDGE = Pattern.compile("  " + QUOTED + " -> " + QUOTED + "(?: \\[(.*)\\])?;");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=(?:" + QUOTED + "|(\\w+))(?:, |$)");

    static DotDiagram parse(String text) {
        List<String> lines = text.lines().toList();
        if (lines.size() < 3
                || !lines.getFirst().matches("digraph " + QUOTED + " \\{")
                || !lines.get(1).equals("  rankdir=TB;")
                || !lines.getLast().equals("}")) {
            throw new AssertionError("not a digraph with rankdir=TB:\n" + text);
        }
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (String line : lines.subList(2, lines.size() - 1)) {
            Matcher node = NODE.matcher(line);
            Matcher edge = EDGE.matcher(line);
            if (edge.matches()) {
                String from = unescape(edge.group(1));
                String to = unescape(edge.group(2));
                if (!nodes.containsKey(from) || !nodes.containsKey(to)) {
                    throw new AssertionError("edge before its nodes: '" + line + "' in:\n" + text);
                }
                edges.add(new Edge(from, to, attributes(edge.group(3), text)));
            } else if (node.matches()) {
                if (nodes.put(unescape(node.group(1)), attributes(node.group(2), text)) != null) {
                    throw new AssertionError("node declared twice: '" + line + "' in:\n" + text);
                }
            } else {
                throw new AssertionError("unexpected line '" + line + "' in:\n" + text);
            }
        }
        return new DotDiagram(nodes, edges);
    }

    private static Map<String, String> attributes(String list, String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (list == null) {
            return attributes;
        }
        Matcher m = ATTRIBUTE.matcher(list);
        int end = 0;
        while (m.find() && m.start() == end) {
            attributes.put(m.group(1), m.group(2) != null ? unescape(m.group(2)) : m.group(3));
            end = m.end();
        }
        if (end != list.length()) {
            throw new AssertionError("unreadable attributes [" + list + "] in:\n" + text);
        }
        return attributes;
    }

    /** DOT escapes: {@code \"} and {@code \\}; {@code \n} in labels stays as the two characters. */
    private static String unescape(String quoted) {
        return quoted.replaceAll("\\\\([\"\\\\])", "$1");
    }
}
