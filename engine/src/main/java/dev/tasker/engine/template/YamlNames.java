package dev.tasker.engine.template;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** Maps the template enums to and from their lower_snake YAML spelling. */
final class YamlNames {
    private YamlNames() {}

    static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Finds the constant spelled {@code text}; the error lists the valid spellings and, when one is
     * close, suggests it, because the error surfaces verbatim in template validation messages.
     */
    static <E extends Enum<E>> E fromYaml(E[] values, String text, String what) {
        Objects.requireNonNull(text, what);
        for (E value : values) {
            if (yamlName(value).equals(text)) {
                return value;
            }
        }
        List<String> names = Arrays.stream(values).map(YamlNames::yamlName).toList();
        String hint = Suggestions.nearest(text, names)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
        throw new IllegalArgumentException("invalid " + what + " '" + Shortened.value(text) + "'; expected one of: "
                + String.join(", ", names) + hint);
    }

    static String list(Enum<?>[] values) {
        return Arrays.stream(values).map(YamlNames::yamlName).collect(Collectors.joining(", "));
    }
}
