package dev.tasker.engine.internal.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.Limits;
import dev.tasker.engine.TaskerException;

/** The engine's one JSON mapper (thread-safe) and the conversions built on it. */
public final class Json {
    /**
     * Nesting the reader and writer accept: the deepest value {@link Limits} allows, plus room for the
     * envelopes the engine wraps values in (a DLQ snapshot holds a task's context and results).
     */
    static final int MAX_NESTING = Limits.CEILING_DEPTH + 64;

    /**
     * The reader accepts whatever any {@link Limits} lets the engine write (up to the ceilings), so that a
     * stored value can always be read back, whatever limits the engine that wrote it had.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // errors never quote stored data
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(4 * Limits.CEILING_NUMBER_DIGITS)
                    .maxNestingDepth(MAX_NESTING)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .build())
            .build();

    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Decimals round-trip exactly (money keeps 8.80, not 8.8 or 8.800000000000001).
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Any value (record, map, JsonNode, number...) as a JsonNode; null becomes JSON null. */
    public static JsonNode toNode(Object value) {
        return toNode(value, "the value");
    }

    /**
     * Any value as a JsonNode; a value that cannot be one (nested deeper than the engine reads, a map that
     * contains itself) is refused with an {@link InvalidInputException} naming {@code what}.
     */
    public static JsonNode toNode(Object value, String what) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        try {
            return MAPPER.valueToTree(value);
        } catch (StackOverflowError e) {
            throw tooDeep(what);
        } catch (IllegalArgumentException e) {
            if (causedByNesting(e)) {
                throw tooDeep(what);
            }
            throw e;
        }
    }

    private static InvalidInputException tooDeep(String what) {
        return new InvalidInputException(
                what,
                "$",
                "it nests deeper than " + MAX_NESTING + " levels, or contains itself",
                "nesting depth " + MAX_NESTING);
    }

    private static boolean causedByNesting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException || t instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TaskerException("stored JSON is not readable: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(
                    "cannot read " + node.getNodeType().name().toLowerCase() + " as " + type.getSimpleName() + ": "
                            + why,
                    e);
        }
    }
}
