package dev.tasker.engine.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values as they appear in messages: a value longer than {@value #MAX_CHARS} characters is cut
 * and its length told ({@code xxxx… (4900000 chars)}), so a hostile or mistaken 5 MB scalar does
 * not come back as a 5 MB error message.
 */
final class Shortened {
    /** Longer values are cut to this many characters in messages. */
    static final int MAX_CHARS = 100;
    /** A message longer than this is shortened word by word, then cut. */
    static final int MAX_MESSAGE_CHARS = 1_500;

    private static final Pattern LONG_WORD = Pattern.compile("\\S{" + (MAX_CHARS + 1) + ",}");

    private Shortened() {}

    /** @return the value, or its first {@value #MAX_CHARS} characters and its length */
    static String value(String value) {
        if (value == null || value.length() <= MAX_CHARS) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return value.substring(0, end) + "… (" + value.length() + " chars)";
    }

    /** Shortens each run of more than {@value #MAX_CHARS} non-blank characters; keeps the rest. */
    static String words(String message) {
        if (message == null || message.length() <= MAX_CHARS) {
            return message;
        }
        return LONG_WORD.matcher(message).replaceAll(match -> Matcher.quoteReplacement(value(match.group())));
    }

    /** The safety net for messages whose values were not shortened where they were written. */
    static String message(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        String words = words(message);
        return words.length() <= MAX_MESSAGE_CHARS
                ? words
                : words.substring(0, MAX_MESSAGE_CHARS) + "… (" + message.length() + " chars)";
    }
}
