package dev.tasker.engine.internal.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.Limits;
import dev.tasker.engine.TaskerException;

/** The engine's JSON settings, its default mapper (thread-safe), and reading and writing stored JSON. */
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

    /**
     * The engine's default mapper: stored JSON is read and written with it, and it converts Java values unless
     * the builder customized a mapper for the engine ({@link JsonMapping}).
     */
    public static final ObjectMapper MAPPER = defaults().build();

    /**
     * A builder with the engine's settings, which a user's customization starts from:
     *
     * <ul>
     *   <li>bean properties (records, POJOs) are snake_case in JSON ({@code invoiceId} ↔ {@code invoice_id});
     *       an explicit {@code @JsonProperty} name wins; maps and {@code JsonNode}s are kept as they are;
     *   <li>java.time values (jsr310) and {@code Optional} (jdk8) are known; dates are ISO-8601 text;
     *   <li>a property that is null or an empty Optional is left out when a value is written;
     *   <li>numbers are strict: a number with a fraction never becomes an integer, and an integer out of
     *       the target's range fails (no truncation); decimals keep their exact digits;
     *   <li>unknown properties are ignored; modules found on the classpath are registered.
     * </ul>
     */
    public static JsonMapper.Builder defaults() {
        return JsonMapper.builder(FACTORY)
                .findAndAddModules()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_ABSENT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // Decimals round-trip exactly (money keeps 8.80, not 8.8 or 8.800000000000001).
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Any value (record, map, JsonNode, number...) as a JsonNode; null becomes JSON null. */
    public static JsonNode toNode(Object value) {
        return toNode(value, "the value");
    }

    /**
     * Any value as a JsonNode with the default mapper; a value that cannot be one (nested deeper than the
     * engine reads, a map that contains itself) is refused with an {@link InvalidInputException} naming
     * {@code what}.
     */
    public static JsonNode toNode(Object value, String what) {
        return JsonMapping.DEFAULT.toNode(value, what);
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

    /** The node as a {@code type} with the default mapper; see {@link JsonMapping#convert}. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        return JsonMapping.DEFAULT.convert(node, type);
    }

    /** The node as a generic {@code type} with the default mapper; see {@link JsonMapping#convert}. */
    public static <T> T convert(JsonNode node, TypeReference<T> type) {
        JavaType t = MAPPER.getTypeFactory().constructType(type);
        return JsonMapping.DEFAULT.convert(node, t, t.toString());
    }
}
