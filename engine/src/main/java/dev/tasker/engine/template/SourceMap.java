package dev.tasker.engine.template;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where each node of a parsed template sits in its YAML text, keyed by JSON Pointer
 * ({@code /steps/2/dependencies/0}), plus the original spelling of non-string scalars, so that
 * {@code version: 1.10} reads back as "1.10" and not "1.1".
 */
final class SourceMap {
    /** A 1-based line and column. */
    record Location(int line, int column) {}

    private final Map<String, Location> locations;
    private final Map<String, String> scalarText = new HashMap<>();

    /** @param documentLength the document's size, to size the map once (about one node per 16 bytes) */
    SourceMap(int documentLength) {
        locations = HashMap.newHashMap(Math.max(16, documentLength / 16));
    }

    void put(String pointer, int line, int column) {
        locations.putIfAbsent(pointer, new Location(line, column));
    }

    void putScalarText(String pointer, String text) {
        scalarText.put(pointer, text);
    }

    /** @return the scalar's text as written, or null when it was a string or not recorded */
    @Nullable
    String scalarText(String pointer) {
        return scalarText.get(pointer);
    }

    /** @return the location of the pointer, or of its nearest located ancestor, or null */
    @Nullable
    Location find(String pointer) {
        for (String path = pointer; ; path = parent(path)) {
            Location location = locations.get(path);
            if (location != null || path.isEmpty()) {
                return location;
            }
        }
    }

    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    /** {@code /steps/2/retry} → {@code steps[2].retry}, the way people write paths. */
    static String display(String pointer) {
        if (pointer.isEmpty()) {
            return "the document";
        }
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.substring(1).split("/", -1)) {
            if (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit)) {
                path.append('[').append(segment).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".")
                        .append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.toString();
    }
}
