package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a template's JSON Schemas ({@code input_schema}, event {@code schema},
 * {@code result_schema}) are themselves valid, by validating them against their meta-schema.
 * Draft 2020-12 unless the schema names another draft in {@code $schema}; meta-schemas come from
 * the validator's jar, never from the network, and an unknown {@code $schema} is an error.
 */
final class SchemaCheck {
    private SchemaCheck() {}

    /** Loaded on first use: building a meta-schema takes a noticeable fraction of a second. */
    private static final class MetaSchemas {
        private static final Map<SpecificationVersion, Schema> BY_VERSION = new ConcurrentHashMap<>();

        static Schema of(SpecificationVersion version) {
            return BY_VERSION.computeIfAbsent(version, v -> SchemaRegistry.withDefaultDialect(v)
                    .getSchema(SchemaLocation.of(v.getDialectId())));
        }
    }

    /**
     * @param schema  the schema as written
     * @param pointer where it sits in the template
     * @param what    how to name it in messages, e.g. {@code input_schema}
     */
    static void check(JsonNode schema, String pointer, String step, String what, ProblemSink sink) {
        if (!schema.isObject() && !schema.isBoolean()) {
            sink.error("INVALID_JSON_SCHEMA", pointer, step,
                    what + " must be a JSON Schema (a mapping), got " + Fields.describe(schema));
            return;
        }
        Optional<SpecificationVersion> version = version(schema);
        if (version.isEmpty()) {
            sink.error("INVALID_JSON_SCHEMA", SourceMap.child(pointer, "$schema"), step, what
                    + " names an unsupported $schema '" + schema.path("$schema").asText() + "'");
            return;
        }
        Map<String, String> firstErrorAt = new LinkedHashMap<>();
        for (Error error : MetaSchemas.of(version.get()).validate(schema)) {
            String at = String.valueOf(error.getInstanceLocation());
            firstErrorAt.putIfAbsent(at.startsWith("/") ? at : "", error.getMessage());
        }
        firstErrorAt.forEach((at, message) -> sink.error("INVALID_JSON_SCHEMA", pointer + at, step,
                what + " is not a valid JSON Schema: " + (at.isEmpty() ? "" : at + ": ") + message));
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
