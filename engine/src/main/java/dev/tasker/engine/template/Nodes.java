package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Defensive copies of the JSON parts of a template. Jackson trees are mutable, so the records copy
 * them on the way in and on the way out to stay immutable.
 */
final class Nodes {
    private Nodes() {}

    /** @return a deep copy, or null for null (absent stays absent) */
    static @Nullable JsonNode copy(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.deepCopy();
    }

    /** @return a deep copy, or a new empty object for null */
    static ObjectNode copyOrEmpty(@Nullable ObjectNode node) {
        return node == null ? JsonNodeFactory.instance.objectNode() : node.deepCopy();
    }

    static void requirePositive(@Nullable Integer value, String field) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(field + " must be >= 1, got " + value);
        }
    }

    static String requireText(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return value;
    }
}
