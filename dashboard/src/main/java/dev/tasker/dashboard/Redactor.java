package dev.tasker.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Hides the values of configured field names, at any depth, in copies of JSON documents. */
final class Redactor {
    /** What a hidden value becomes. */
    public static final String MASK = "[redacted]";

    private final Set<String> fields;

    /** Hides these normalized field names ({@link DashboardOptions#normalized}). */
    public Redactor(Set<String> fields) {
        this.fields = Set.copyOf(fields);
    }

    /** A copy of {@code node} with the hidden fields masked; null stays null. */
    public @Nullable JsonNode redact(@Nullable JsonNode node) {
        if (node == null || fields.isEmpty()) {
            return node;
        }
        JsonNode copy = node.deepCopy();
        mask(copy);
        return copy;
    }

    /**
     * A JSON text with the hidden fields masked. Text that is not JSON is kept only when no hidden field name
     * appears in it.
     */
    public @Nullable JsonNode redactText(@Nullable String json) {
        if (json == null) {
            return null;
        }
        try {
            return redact(Views.MAPPER.readTree(json));
        } catch (java.io.IOException notJson) {
            String lower = json.toLowerCase(java.util.Locale.ROOT).replace("_", "");
            for (String field : fields) {
                if (lower.contains(field)) {
                    return TextNode.valueOf(MASK);
                }
            }
            return TextNode.valueOf(json);
        }
    }

    private void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (fields.contains(DashboardOptions.normalized(field.getKey()))) {
                    field.setValue(TextNode.valueOf(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                mask(element);
            }
        }
    }
}
