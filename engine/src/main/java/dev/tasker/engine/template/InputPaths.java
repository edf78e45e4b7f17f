package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The paths of a sub-workflow's {@code input}: {@code $.context[.a.b]} into the parent task's context,
 * {@code $.steps.<step>.result[.a.b]} into a step's result. Dots separate object keys; a missing key
 * reads as JSON null.
 */
public final class InputPaths {
    private InputPaths() {}

    /** Why the path is not one of the two forms, or null when it is. */
    static @Nullable String problem(String path) {
        if (path.equals("$.context") || path.startsWith("$.context.")) {
            return null;
        }
        if (path.startsWith("$.steps.")) {
            String rest = path.substring("$.steps.".length());
            int dot = rest.indexOf('.');
            if (dot > 0
                    && (rest.substring(dot).equals(".result")
                            || rest.substring(dot).startsWith(".result."))) {
                return null;
            }
        }
        return "invalid input path '" + Shortened.value(path)
                + "'; expected $.context[.key...] or $.steps.<step>.result[.key...]";
    }

    /** The step a {@code $.steps.<step>.result} path reads, or null for a context path. */
    public static @Nullable String stepOf(String path) {
        if (!path.startsWith("$.steps.")) {
            return null;
        }
        String rest = path.substring("$.steps.".length());
        return rest.substring(0, rest.indexOf('.'));
    }

    /**
     * Builds a child's context: each key of {@code input} gets the value its path reads.
     *
     * @param context the parent task's context
     * @param results a step's result by name (null when it has none)
     */
    public static ObjectNode build(
            Map<String, String> input, JsonNode context, Function<String, @Nullable JsonNode> results) {
        ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> e : input.entrySet()) {
            String path = e.getValue();
            String step = stepOf(path);
            JsonNode at;
            String rest;
            if (step == null) {
                at = context;
                rest = path.substring("$.context".length());
            } else {
                at = results.apply(step);
                rest = path.substring(("$.steps." + step + ".result").length());
            }
            for (String key : rest.isEmpty() ? new String[0] : rest.substring(1).split("\\.")) {
                at = at == null ? null : at.get(key);
            }
            out.set(
                    e.getKey(),
                    at == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : at.deepCopy());
        }
        return out;
    }
}
