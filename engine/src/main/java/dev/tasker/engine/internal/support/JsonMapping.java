package dev.tasker.engine.internal.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tasker.engine.InvalidInputException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one engine converts Java values to JSON and back: handler parameters, handler results, typed reads of
 * the step context, operator results. {@link #DEFAULT} uses {@link Json#defaults()}; an engine whose builder
 * was given a customization uses its own, made once at build.
 */
public final class JsonMapping {
    /** The engine's default settings. */
    public static final JsonMapping DEFAULT = new JsonMapping(Json.MAPPER);

    private static final Pattern FRACTION_TO_INTEGER =
            Pattern.compile("Cannot coerce Floating-point value \\((.*)\\) to `([^`]+)` value.*", Pattern.DOTALL);
    private static final String COERCION_ADVICE = " (but could be if coercion was enabled using `CoercionConfig`)";

    private final ObjectMapper mapper;

    private JsonMapping(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The defaults changed by {@code customizers}, applied in order to one builder.
     *
     * @throws IllegalArgumentException when a customizer returns null
     */
    public static JsonMapping of(List<UnaryOperator<JsonMapper.Builder>> customizers) {
        if (customizers.isEmpty()) {
            return DEFAULT;
        }
        JsonMapper.Builder b = Json.defaults();
        for (UnaryOperator<JsonMapper.Builder> c : customizers) {
            b = c.apply(b);
            if (b == null) {
                throw new IllegalArgumentException("the json(...) customizer returned null instead of the builder");
            }
        }
        return new JsonMapping(b.build());
    }

    /** The mapper; not to be reconfigured. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The type Jackson reads for a Java type (generic ones included). */
    public JavaType type(Type type) {
        return mapper.getTypeFactory().constructType(type);
    }

    /** A reader of {@code type}, made once and reused. */
    public ObjectReader reader(JavaType type) {
        return mapper.readerFor(type);
    }

    /**
     * Any value as a JsonNode; null becomes JSON null, a JsonNode stays itself. A value that cannot be JSON
     * (nested deeper than the engine reads, a map that contains itself) is refused with an
     * {@link InvalidInputException} naming {@code what}.
     */
    public JsonNode toNode(Object value, String what) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        try {
            return mapper.valueToTree(value);
        } catch (StackOverflowError e) {
            throw tooDeep(what);
        } catch (IllegalArgumentException e) {
            if (causedByNesting(e)) {
                throw tooDeep(what);
            }
            throw e;
        }
    }

    /**
     * The node as a {@code type} (null for a JSON null or a missing node).
     *
     * @throws IllegalArgumentException saying why it cannot be one
     */
    public <T> T convert(JsonNode node, Class<T> type) {
        return convert(node, type(type), type.getSimpleName());
    }

    /**
     * The node as a {@code type} (null for a JSON null or a missing node).
     *
     * @param shown the type as messages show it
     * @throws IllegalArgumentException saying why it cannot be one
     */
    public <T> T convert(JsonNode node, JavaType type, String shown) {
        Objects.requireNonNull(type, "type");
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return reader(type).readValue(node);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot read " + node.getNodeType().name().toLowerCase() + " as " + shown + ": " + why(e), e);
        }
    }

    /**
     * What went wrong reading a value, for a person: Jackson's message without its configuration advice,
     * with the JSON path where it happened ({@code $.items[0].qty}) when it was inside the value.
     */
    public static String why(Exception e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        message = message == null ? e.getClass().getSimpleName() : message.replace(COERCION_ADVICE, "");
        Matcher fraction = FRACTION_TO_INTEGER.matcher(message);
        if (fraction.matches()) {
            message = fraction.group(1) + " has a fraction and cannot be an " + fraction.group(2)
                    + " (a number is never rounded or truncated)";
        }
        String at = e instanceof JsonMappingException jme ? path(jme) : "";
        return at.isEmpty() ? message : message + " at " + at;
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 1 ? "" : sb.toString();
    }

    private static InvalidInputException tooDeep(String what) {
        return new InvalidInputException(
                what,
                "$",
                "it nests deeper than " + Json.MAX_NESTING + " levels, or contains itself",
                "nesting depth " + Json.MAX_NESTING);
    }

    private static boolean causedByNesting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException || t instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }
}
