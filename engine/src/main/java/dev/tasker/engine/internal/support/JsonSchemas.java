package dev.tasker.engine.internal.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tasker.engine.InputValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON values against the schemas templates declare ({@code input_schema}, event
 * {@code schema}). Each schema is compiled once (templates are immutable, so the schema node's identity
 * is its key). Schemas were checked against their meta-schema when the template loaded.
 */
public final class JsonSchemas {
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<JsonNode, Schema> compiled = new ConcurrentHashMap<>();

    /** The violations of {@code value} against {@code schema}, each with a JSON path; empty when valid. */
    public List<InputValidationException.Violation> violations(JsonNode schema, JsonNode value) {
        Schema s = compiled.computeIfAbsent(schema, REGISTRY::getSchema);
        List<InputValidationException.Violation> out = new ArrayList<>();
        for (Error e : s.validate(value)) {
            out.add(new InputValidationException.Violation(
                    jsonPath(String.valueOf(e.getInstanceLocation())), e.getMessage()));
        }
        return out;
    }

    /** A JSON pointer ({@code /items/0/price}) as a JSON path ({@code $.items[0].price}). */
    static String jsonPath(String pointer) {
        if (pointer == null || pointer.isEmpty() || pointer.equals("/") || pointer.equals("null")) {
            return "$";
        }
        if (pointer.startsWith("$")) {
            return pointer;
        }
        StringBuilder sb = new StringBuilder("$");
        for (String part : pointer.substring(1).split("/", -1)) {
            String key = part.replace("~1", "/").replace("~0", "~");
            if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(key).append(']');
            } else {
                sb.append('.').append(key);
            }
        }
        return sb.toString();
    }
}
