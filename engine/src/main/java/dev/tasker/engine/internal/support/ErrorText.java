package dev.tasker.engine.internal.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What a handler's exception says, kept bounded and never throwing: its message (a throwing
 * {@code getMessage()} is described instead of propagated), its cause chain, and a stack trace cut
 * to a fixed size, so the stored error of a failed attempt can be debugged without keeping an
 * unbounded trace in every result row.
 */
public final class ErrorText {
    /** Causes kept at most, the exception itself included. */
    static final int MAX_CAUSES = 10;
    /** Frames kept per exception of the chain. */
    static final int MAX_FRAMES = 30;
    /** Characters of stack trace kept at most. */
    static final int MAX_TRACE_CHARS = 8_000;
    /** Characters of one cause's message kept at most, in the causes and the stack trace. */
    static final int MAX_MESSAGE_CHARS = 1_000;

    private ErrorText() {}

    /**
     * @return the message (whole: the engine's size limits cut it where it is stored), or the simple
     *         class name when there is none; never throws
     */
    public static String message(Throwable t) {
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable broken) {
            return "(its getMessage() threw " + broken.getClass().getName() + ")";
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }

    /** @return "class: message", as {@link Throwable#toString()} but never throwing */
    public static String describe(Throwable t) {
        return t.getClass().getName() + ": " + message(t);
    }

    /** @return the exception's causes, outermost first, each as "class: message"; empty when it has none */
    static ArrayNode causes(Throwable t) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(t);
        for (Throwable cause = cause(t); cause != null && seen.add(cause); cause = cause(cause)) {
            if (out.size() == MAX_CAUSES - 1) {
                out.add("… more causes left out");
                break;
            }
            out.add(shorten(describe(cause)));
        }
        return out;
    }

    /** @return the stack trace with its causes, at most {@value #MAX_FRAMES} frames each and {@value #MAX_TRACE_CHARS} chars */
    static String stackTrace(Throwable t) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int depth = 0;
        for (Throwable current = t;
                current != null && seen.add(current) && depth < MAX_CAUSES;
                current = cause(current)) {
            out.append(depth++ == 0 ? "" : "Caused by: ")
                    .append(shorten(describe(current)))
                    .append('\n');
            StackTraceElement[] frames = frames(current);
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                out.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > MAX_FRAMES) {
                out.append("\t... ").append(frames.length - MAX_FRAMES).append(" more\n");
            }
            if (out.length() > MAX_TRACE_CHARS) {
                return out.substring(0, MAX_TRACE_CHARS) + "\n\t... (stack trace cut at " + MAX_TRACE_CHARS + " chars)";
            }
        }
        return out.toString().stripTrailing();
    }

    /** @return "causes" and "stack_trace", to store with the error */
    public static ObjectNode diagnostics(Throwable t) {
        ObjectNode n = Json.object();
        ArrayNode causes = causes(t);
        if (!causes.isEmpty()) {
            n.set("causes", causes);
        }
        n.put("stack_trace", stackTrace(t));
        return n;
    }

    /**
     * The stack trace without its messages, for logs: each "class: message" heading keeps its class
     * only, since messages may quote the data that failed (frames and class names do not).
     */
    public static String withoutMessages(String stackTrace) {
        StringBuilder out = new StringBuilder();
        stackTrace.lines().forEach(line -> {
            if (line.startsWith("\t")) {
                out.append(line);
            } else {
                String prefix = line.startsWith("Caused by: ") ? "Caused by: " : "";
                String rest = line.substring(prefix.length());
                int colon = rest.indexOf(": ");
                out.append(prefix).append(colon < 0 ? rest : rest.substring(0, colon));
            }
            out.append('\n');
        });
        return out.toString().stripTrailing();
    }

    private static Throwable cause(Throwable t) {
        try {
            return t.getCause();
        } catch (Throwable broken) {
            return null;
        }
    }

    private static StackTraceElement[] frames(Throwable t) {
        try {
            return t.getStackTrace();
        } catch (Throwable broken) {
            return new StackTraceElement[0];
        }
    }

    private static String shorten(String message) {
        return message.length() <= MAX_MESSAGE_CHARS
                ? message
                : message.substring(0, MAX_MESSAGE_CHARS) + "… (" + message.length() + " chars)";
    }
}
