package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A JSON path into a task's context, in the subset limits accept: {@code $} followed by {@code .name},
 * {@code ['name']} and {@code [index]} segments ({@code $.customer.id}, {@code $['customer-id']},
 * {@code $.lines[0].sku}). Wildcards, filters and recursive descent are refused: a limit's key is one value.
 */
final class KeyPath {
    private final String text;
    /** Each segment: a String (a field) or an Integer (an array index). */
    private final List<Object> segments;

    private KeyPath(String text, List<Object> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** @throws IllegalArgumentException naming the position where {@code text} is not a valid key path */
    static KeyPath parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a key path is required, such as $.customer_id");
        }
        if (!text.startsWith("$")) {
            throw bad(text, 0, "a key path starts with '$', such as $.customer_id");
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < text.length() && isNameChar(text.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw bad(text, start, "a field name is expected after '.' (letters, digits, '_' or '-')");
                }
                segments.add(text.substring(start, i));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw bad(text, i, "'[' is not closed");
                }
                String inside = text.substring(i + 1, close).trim();
                if (inside.length() >= 2
                        && (inside.startsWith("'") && inside.endsWith("'")
                                || inside.startsWith("\"") && inside.endsWith("\""))) {
                    String name = inside.substring(1, inside.length() - 1);
                    if (name.isEmpty()) {
                        throw bad(text, i, "an empty field name");
                    }
                    segments.add(name);
                } else if (!inside.isEmpty() && inside.chars().allMatch(Character::isDigit) && inside.length() < 10) {
                    segments.add(Integer.parseInt(inside));
                } else {
                    throw bad(
                            text,
                            i,
                            "only ['name'] and [index] are accepted in brackets (no wildcard, filter or slice), got ["
                                    + inside + "]");
                }
                i = close + 1;
            } else {
                throw bad(text, i, "'.' or '[' expected, got '" + c + "'");
            }
        }
        if (segments.isEmpty()) {
            throw bad(text, 0, "the key path names no field; use e.g. $.customer_id");
        }
        return new KeyPath(text, List.copyOf(segments));
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static IllegalArgumentException bad(String text, int at, String why) {
        return new IllegalArgumentException("invalid key path '" + text + "' at character " + (at + 1) + ": " + why);
    }

    /** The value at this path as text (a string as is, other scalars and structures as JSON), or null when absent or null. */
    @Nullable
    String valueIn(@Nullable JsonNode context) {
        JsonNode node = context;
        for (Object segment : segments) {
            if (node == null) {
                return null;
            }
            node = segment instanceof Integer index ? node.get(index) : node.get((String) segment);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.asText() : node.toString();
    }

    /** The last field name, for waiting reasons ({@code customer_id=42}). */
    String label() {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i) instanceof String name) {
                return name;
            }
        }
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
