package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Typed, forgiving access to one YAML mapping: a value of the wrong type is reported (naming the
 * field and the expected type, at the field's line) and read as absent, so binding goes on and
 * every problem of a file is found in one pass.
 */
final class Fields {
    private final ObjectNode node;
    private final String pointer;
    private final ProblemSink sink;
    private final @Nullable String step;

    private Fields(ObjectNode node, String pointer, ProblemSink sink, @Nullable String step) {
        this.node = node;
        this.pointer = pointer;
        this.sink = sink;
        this.step = step;
    }

    /** @return the mapping at {@code pointer}, or empty (with a problem) when it is something else */
    static Optional<Fields> of(@Nullable JsonNode value, String pointer, ProblemSink sink, @Nullable String step) {
        if (value instanceof ObjectNode object) {
            return Optional.of(new Fields(object, pointer, sink, step));
        }
        sink.error(
                "WRONG_TYPE", pointer, step, SourceMap.display(pointer) + " must be a mapping, got " + describe(value));
        return Optional.empty();
    }

    Fields forStep(@Nullable String stepName) {
        return new Fields(node, pointer, sink, stepName);
    }

    String pointer() {
        return pointer;
    }

    String pointer(String key) {
        return SourceMap.child(pointer, key);
    }

    ProblemSink sink() {
        return sink;
    }

    @Nullable
    String step() {
        return step;
    }

    /** @return whether the key is written at all, even with an empty value */
    boolean present(String key) {
        return node.has(key);
    }

    /** @return the keys of this mapping, in file order */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** @return the value, or null when absent or YAML null */
    @Nullable
    JsonNode raw(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** Any scalar reads as text, as Tasker's serde does: {@code version: 1.10} is "1.10". */
    @Nullable
    String text(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        if (value.isContainerNode()) {
            return wrongType(key, "a string", value);
        }
        String written = sink.map().scalarText(pointer(key));
        return written != null ? written : value.asText();
    }

    @Nullable
    String requiredText(String key) {
        if (raw(key) == null) {
            missing(key);
        }
        return text(key);
    }

    void missing(String key) {
        sink.error(
                "MISSING_FIELD",
                pointer,
                step,
                "missing required field '" + key + "' in " + SourceMap.display(pointer));
    }

    /** @return an integer of at least {@code min}; smaller values are reported and read as absent */
    @Nullable
    Integer integerAtLeast(String key, int min) {
        Integer value = integer(key);
        return value == null || value >= min ? value : tooSmall(key, min, value);
    }

    /** @return an integer of at least {@code min}; smaller values are reported and read as absent */
    @Nullable
    Long longAtLeast(String key, long min) {
        Long value = longValue(key);
        return value == null || value >= min ? value : tooSmall(key, min, value);
    }

    private <T> @Nullable T tooSmall(String key, long min, Number value) {
        sink.error(
                "INVALID_VALUE",
                pointer(key),
                step,
                SourceMap.display(pointer(key)) + " must be at least " + min + ", got " + value);
        return null;
    }

    @Nullable
    Integer integer(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        return value.isIntegralNumber() && value.canConvertToInt()
                ? value.intValue()
                : wrongType(key, "an integer", value);
    }

    @Nullable
    Long longValue(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        return value.isIntegralNumber() && value.canConvertToLong()
                ? value.longValue()
                : wrongType(key, "an integer", value);
    }

    @Nullable
    Boolean bool(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        return value.isBoolean() ? value.booleanValue() : wrongType(key, "true or false", value);
    }

    /** @return the mapping under {@code key}, or null when absent or of the wrong type */
    @Nullable
    Fields child(String key) {
        JsonNode value = raw(key);
        return value == null ? null : of(value, pointer(key), sink, step).orElse(null);
    }

    @Nullable
    ObjectNode object(String key) {
        Fields child = child(key);
        return child == null ? null : child.node;
    }

    /** @return a list of scalars as text; a single scalar is a type error, not a one-element list */
    List<String> strings(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            wrongType(key, "a list of strings", value);
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPointer = SourceMap.child(pointer(key), i);
            if (item.isNull() || item.isContainerNode()) {
                sink.error(
                        "WRONG_TYPE",
                        itemPointer,
                        step,
                        SourceMap.display(itemPointer) + " must be a string, got " + describe(item));
            } else {
                String written = sink.map().scalarText(itemPointer);
                result.add(written != null ? written : item.asText());
            }
        }
        return result;
    }

    /** @return the elements of the list under {@code key} that are mappings; others are reported */
    List<Fields> objects(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            wrongType(key, "a list", value);
            return List.of();
        }
        List<Fields> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            of(value.get(i), SourceMap.child(pointer(key), i), sink, step).ifPresent(result::add);
        }
        return result;
    }

    /** Reads an enum through its {@code fromYaml}, whose message lists the valid values. */
    <E> @Nullable E enumValue(String key, Function<String, E> fromYaml) {
        String value = text(key);
        if (value == null) {
            return null;
        }
        try {
            return fromYaml.apply(value);
        } catch (IllegalArgumentException e) {
            sink.error("INVALID_ENUM", pointer(key), step, e.getMessage() + " for '" + key + "'");
            return null;
        }
    }

    /** Reads a key that has an alias ({@code type}/{@code step_type}); setting both is an error. */
    String alias(String key, String alias) {
        if (has(key) && has(alias)) {
            sink.error(
                    "INVALID_VALUE",
                    pointer(alias),
                    step,
                    "both '" + key + "' and its alias '" + alias + "' are set; keep one");
        }
        return has(alias) && !has(key) ? alias : key;
    }

    private <T> @Nullable T wrongType(String key, String expected, JsonNode value) {
        sink.error(
                "WRONG_TYPE",
                pointer(key),
                step,
                SourceMap.display(pointer(key)) + " must be " + expected + ", got " + describe(value));
        return null;
    }

    static String describe(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case STRING -> "string '" + Shortened.value(value.asText()) + "'";
            case NUMBER -> "number " + value.asText();
            case BOOLEAN -> "boolean " + value.asText();
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
