package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a template's JSON Schemas ({@code input_schema}, event {@code schema},
 * {@code result_schema}) are themselves valid, by validating them against their meta-schema.
 * Draft 2020-12 unless the schema names another draft in {@code $schema}; meta-schemas come from
 * the validator's jar, never from the network, and an unknown {@code $schema} is an error.
 */
final class SchemaCheck {
    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final Set<String> DATA_KEYWORDS = Set.of("const", "enum", "default", "examples");

    private SchemaCheck() {}

    /** Loaded on first use: building a meta-schema takes a noticeable fraction of a second. */
    private static final class MetaSchemas {
        private static final Map<SpecificationVersion, Schema> BY_VERSION = new ConcurrentHashMap<>();

        static Schema of(SpecificationVersion version) {
            return BY_VERSION.computeIfAbsent(
                    version, v -> SchemaRegistry.withDefaultDialect(v).getSchema(SchemaLocation.of(v.getDialectId())));
        }
    }

    /**
     * @param schema  the schema as written
     * @param pointer where it sits in the template
     * @param what    how to name it in messages, e.g. {@code input_schema}
     */
    static void check(JsonNode schema, String pointer, String step, String what, ProblemSink sink) {
        if (!schema.isObject() && !schema.isBoolean()) {
            sink.error(
                    "INVALID_JSON_SCHEMA",
                    pointer,
                    step,
                    what + " must be a JSON Schema (a mapping), got " + Fields.describe(schema));
            return;
        }
        Optional<SpecificationVersion> version = version(schema);
        if (version.isEmpty()) {
            sink.error(
                    "INVALID_JSON_SCHEMA",
                    SourceMap.child(pointer, "$schema"),
                    step,
                    what + " names an unsupported $schema '"
                            + Shortened.value(schema.path("$schema").asText()) + "'");
            return;
        }
        if (refusedReferences(schema, pointer, step, what, sink)) {
            return;
        }
        Map<String, String> firstErrorAt = new LinkedHashMap<>();
        for (Error error : MetaSchemas.of(version.get()).validate(schema)) {
            String at = String.valueOf(error.getInstanceLocation());
            firstErrorAt.putIfAbsent(at.startsWith("/") ? at : "", error.getMessage());
        }
        firstErrorAt.forEach((at, message) -> sink.error(
                "INVALID_JSON_SCHEMA",
                pointer + at,
                step,
                what + " is not a valid JSON Schema: " + (at.isEmpty() ? "" : at + ": ") + message));
    }

    /**
     * A schema may refer only inside itself ({@code $ref: "#/$defs/money"}). A reference to
     * {@code http:}, {@code file:} or another document would be fetched, or fail, on every submit;
     * it is refused here, at its own line. Keywords holding data rather than schemas
     * ({@code const}, {@code enum}, {@code default}, {@code examples}) are not searched.
     *
     * @return whether any reference was refused
     */
    private static boolean refusedReferences(
            JsonNode schema, String pointer, String step, String what, ProblemSink sink) {
        boolean refused = false;
        Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry(pointer, schema));
        while (!pending.isEmpty()) {
            Map.Entry<String, JsonNode> next = pending.pop();
            JsonNode node = next.getValue();
            if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    pending.push(Map.entry(SourceMap.child(next.getKey(), i), node.get(i)));
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String key = field.getKey();
                    String at = SourceMap.child(next.getKey(), key);
                    if (REFERENCES.contains(key)
                            && field.getValue().isTextual()
                            && !field.getValue().asText().startsWith("#")) {
                        sink.error(
                                "SCHEMA_REFERENCE_OUTSIDE",
                                at,
                                step,
                                what + " refers outside itself ("
                                        + key + ": '"
                                        + Shortened.value(field.getValue().asText()) + "'); only references"
                                        + " within the template, starting with '#', are allowed");
                        refused = true;
                    } else if (!DATA_KEYWORDS.contains(key)) {
                        pending.push(Map.entry(at, field.getValue()));
                    }
                }
            }
        }
        return refused;
    }

    private static Optional<SpecificationVersion> version(JsonNode schema) {
        JsonNode declared = schema.path("$schema");
        if (!declared.isTextual()) {
            return Optional.of(SpecificationVersion.DRAFT_2020_12);
        }
        String id = declared.asText();
        for (SpecificationVersion version : SpecificationVersion.values()) {
            // Drafts 4 to 7 are often written without the trailing '#'.
            if (version.getDialectId().equals(id) || version.getDialectId().equals(id + "#")) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }
}
