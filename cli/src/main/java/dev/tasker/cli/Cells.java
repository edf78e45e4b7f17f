package dev.tasker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the operations commands print values: times in UTC to the millisecond, JSON on one line, cut short. */
final class Cells {
    /** Where one-line JSON is cut unless the whole is asked for. */
    static final int JSON_LIMIT = 200;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Cells() {}

    static String time(Instant at) {
        return at == null ? "-" : TIME.format(at);
    }

    /** Compact JSON; cut after {@code limit} characters (none when 0), saying how long the whole is. */
    static String json(JsonNode node, int limit) {
        if (node == null || node.isMissingNode()) {
            return "-";
        }
        String text = node.toString();
        if (limit <= 0 || text.length() <= limit) {
            return text;
        }
        return text.substring(0, limit) + "... (" + text.length() + " characters)";
    }

    /** A duration for people: {@code 12 ms}, {@code 3.4 s}, {@code 5 min 2 s}, {@code 2 h 5 min}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }

    /** Text on one line (an error message may hold line breaks), or {@code -} for none. */
    static String line(String text) {
        return text == null || text.isBlank() ? "-" : text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
