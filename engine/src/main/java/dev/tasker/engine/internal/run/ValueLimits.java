package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.Limits;
import dev.tasker.engine.internal.support.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a value against the engine's {@link Limits} before it is stored: nesting depth, number size (digits
 * and exponent, finite), then the size of its JSON. The walk stops at the first problem and never goes deeper
 * than the depth limit, so a hostile value costs little to refuse. Stateless apart from the limits.
 */
public final class ValueLimits {
    /** The error code of a step whose result is larger than {@link Limits#maxResultBytes()}. */
    static final String RESULT_TOO_LARGE = "result_too_large";
    /** The error code of a step whose result nests too deep or holds a number out of bounds. */
    static final String INVALID_RESULT = "invalid_result";
    /** The error code of a step whose checkpoint breaks the limits. */
    static final String CHECKPOINT_TOO_LARGE = "checkpoint_too_large";

    private static final int MAX_ERROR_CODE = 128;

    private final Limits limits;

    public ValueLimits(Limits limits) {
        this.limits = limits;
    }

    Limits limits() {
        return limits;
    }

    /** Refuses a task context that breaks the limits. */
    void checkContext(JsonNode context) {
        InvalidInputException problem = check("the task context", context, limits.maxContextBytes(), "maxContextBytes");
        if (problem != null) {
            throw problem;
        }
    }

    /**
     * A handler's outcome made storable: a result or checkpoint over the limits becomes a permanent failure
     * naming the limit; an error's message is cut to {@link Limits#maxErrorBytes()} and metadata that does
     * not fit is replaced by a note.
     */
    Outcome bound(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Succeeded ok -> {
                InvalidInputException shape = shape("the step result", ok.result());
                if (shape != null) {
                    yield refused(shape, INVALID_RESULT);
                }
                InvalidInputException size =
                        size("the step result", ok.resultJson(), limits.maxResultBytes(), "maxResultBytes");
                if (size == null) {
                    size = check("the step metadata", ok.metadata(), limits.maxResultBytes(), "maxResultBytes");
                }
                yield size == null ? ok : refused(size, RESULT_TOO_LARGE);
            }
            case Outcome.Yielded y -> {
                InvalidInputException p = shape("the checkpoint", y.cursor());
                if (p == null) {
                    p = shape("the checkpoint", y.accumulated());
                }
                yield p == null ? y : refused(p, CHECKPOINT_TOO_LARGE);
            }
            case Outcome.Failed f -> bounded(f);
        };
    }

    private Outcome.Failed bounded(Outcome.Failed f) {
        String message = cut(f.message(), limits.maxErrorBytes());
        String code = f.errorCode() == null ? null : cut(f.errorCode(), MAX_ERROR_CODE);
        var metadata = f.metadata();
        InvalidInputException p = check("the error metadata", metadata, limits.maxErrorBytes(), "maxErrorBytes");
        if (p != null) {
            metadata = Json.object().put("metadata_dropped", p.getMessage());
        }
        var diagnostics = f.diagnostics();
        if (diagnostics != null) {
            // The cause chain and stack trace (ErrorText) are bounded already; they are cut to the error limit too.
            var cutDiagnostics = Json.object();
            var causes = cutDiagnostics.putArray("causes");
            diagnostics.path("causes").forEach(c -> causes.add(cut(c.asText(), limits.maxErrorBytes())));
            if (causes.isEmpty()) {
                cutDiagnostics.remove("causes");
            }
            cutDiagnostics.put(
                    "stack_trace", cut(diagnostics.path("stack_trace").asText(""), limits.maxErrorBytes()));
            diagnostics = cutDiagnostics.equals(diagnostics) ? f.diagnostics() : cutDiagnostics;
        }
        if (message == f.message()
                && code == f.errorCode()
                && metadata == f.metadata()
                && diagnostics == f.diagnostics()) {
            return f;
        }
        return new Outcome.Failed(message, f.type(), f.retryable(), f.retryAfter(), code, metadata, diagnostics);
    }

    private static Outcome.Failed refused(InvalidInputException why, String code) {
        return new Outcome.Failed(
                why.getMessage(), dev.tasker.api.ErrorType.PERMANENT_ERROR, false, null, code, Json.object());
    }

    /** The text cut to at most {@code maxBytes} UTF-8 bytes, saying that it was; the same text when it fits. */
    static String cut(String text, int maxBytes) {
        if (text == null || utf8Length(text, maxBytes) <= maxBytes) {
            return text;
        }
        String note = " ... [cut: longer than " + maxBytes + " bytes]";
        int budget = maxBytes - note.length();
        int end = 0;
        long used = 0;
        while (end < text.length()) {
            char c = text.charAt(end);
            int width = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
            if (used + width > budget) {
                break;
            }
            used += width;
            end += Character.isHighSurrogate(c) && end + 1 < text.length() ? 2 : 1;
        }
        return text.substring(0, end) + note;
    }

    /** The problem with a value (shape, then size), or null when it is within the limits. */
    InvalidInputException check(String what, JsonNode value, long maxBytes, String sizeLimit) {
        InvalidInputException shape = shape(what, value);
        if (shape != null) {
            return shape;
        }
        long bytes = sizeUpTo(value, maxBytes);
        if (bytes > maxBytes) {
            return new InvalidInputException(
                    what, "$", "its JSON is larger than " + maxBytes + " bytes", sizeLimit + " = " + maxBytes);
        }
        return null;
    }

    /** The problem with a value's depth or numbers, or null. */
    InvalidInputException shape(String what, JsonNode value) {
        List<Object> path = new ArrayList<>();
        return value == null ? null : walk(what, value, 0, path);
    }

    /** The problem with a JSON text already written, by its size only; null when it fits. */
    static InvalidInputException size(String what, String json, long maxBytes, String sizeLimit) {
        long bytes = utf8Length(json, maxBytes);
        return bytes <= maxBytes
                ? null
                : new InvalidInputException(
                        what, "$", "its JSON is larger than " + maxBytes + " bytes", sizeLimit + " = " + maxBytes);
    }

    private InvalidInputException walk(String what, JsonNode node, int depth, List<Object> path) {
        if (node.isContainerNode()) {
            if (depth >= limits.maxDepth()) {
                return new InvalidInputException(
                        what,
                        render(path),
                        "arrays and objects nest deeper than " + limits.maxDepth() + " levels",
                        "maxDepth = " + limits.maxDepth());
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    path.add(e.getKey());
                    InvalidInputException p = walk(what, e.getValue(), depth + 1, path);
                    path.removeLast();
                    if (p != null) {
                        return p;
                    }
                }
            } else {
                for (int i = 0; i < node.size(); i++) {
                    path.add(i);
                    InvalidInputException p = walk(what, node.get(i), depth + 1, path);
                    path.removeLast();
                    if (p != null) {
                        return p;
                    }
                }
            }
            return null;
        }
        return node.isNumber() ? number(what, node, path) : null;
    }

    private InvalidInputException number(String what, JsonNode node, List<Object> path) {
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            return Double.isFinite(d)
                    ? null
                    : new InvalidInputException(
                            what,
                            render(path),
                            "the number " + d + " is not finite; JSON has no NaN or infinity",
                            "finite numbers");
        }
        int digits;
        long exponent;
        if (node.isBigDecimal()) {
            BigDecimal d = node.decimalValue();
            digits = d.precision();
            exponent = (long) d.precision() - d.scale() - 1;
        } else if (node.isBigInteger()) {
            BigInteger i = node.bigIntegerValue();
            // log10(2) ~ 0.30103: an estimate that never undercounts by more than one digit
            digits = (int) Math.ceil(i.abs().bitLength() * 0.30103);
            exponent = digits - 1L;
        } else {
            return null; // int and long fit in 19 digits, the lowest limit
        }
        if (digits > limits.maxNumberDigits()) {
            return new InvalidInputException(
                    what,
                    render(path),
                    "a number has more than " + limits.maxNumberDigits() + " significant digits",
                    "maxNumberDigits = " + limits.maxNumberDigits());
        }
        if (Math.abs(exponent) > limits.maxNumberExponent()) {
            return new InvalidInputException(
                    what,
                    render(path),
                    "a number's decimal exponent is " + exponent,
                    "maxNumberExponent = " + limits.maxNumberExponent());
        }
        return null;
    }

    static String render(List<Object> path) {
        StringBuilder sb = new StringBuilder("$");
        for (Object segment : path) {
            if (segment instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                String key = segment.toString();
                if (key.length() > 64) {
                    key = key.substring(0, 64) + "...";
                }
                if (key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    sb.append('.').append(key);
                } else {
                    sb.append("['").append(key.replace("'", "\\'")).append("']");
                }
            }
        }
        return sb.toString();
    }

    /** The UTF-8 size of the value's JSON, counted while writing and stopped once past {@code max}. */
    static long sizeUpTo(JsonNode value, long max) {
        Counter counter = new Counter(max);
        try {
            Json.MAPPER.writeValue(counter, value);
        } catch (Counter.Over over) {
            return counter.count;
        } catch (IOException e) {
            if (e.getCause() instanceof Counter.Over) {
                return counter.count;
            }
            throw new IllegalStateException("cannot write JSON: " + e.getClass().getSimpleName(), e);
        }
        return counter.count;
    }

    /** UTF-8 bytes of a string, counting stops once past {@code max}. */
    static long utf8Length(String s, long max) {
        long n = 0;
        for (int i = 0; i < s.length() && n <= max; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Counts bytes written and throws once past the limit (the writer then stops). */
    private static final class Counter extends OutputStream {
        private final long max;
        long count;

        Counter(long max) {
            this.max = max;
        }

        @Override
        public void write(int b) throws Over {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws Over {
            add(len);
        }

        private void add(long n) throws Over {
            count += n;
            if (count > max) {
                throw new Over();
            }
        }

        /** Past the limit: no need to write the rest. */
        static final class Over extends IOException {
            private static final long serialVersionUID = 1L;

            Over() {
                super("over the limit", null);
            }
        }
    }
}
