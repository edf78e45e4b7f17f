package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.ConcurrencyLimit;
import dev.tasker.engine.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code limits} block of a template's {@code extensions} (a Tasker-for-Java extension of the template
 * format; a template without {@code extensions} is plain Tasker):
 *
 * <pre>
 * extensions:
 *   limits:
 *     concurrency:
 *       - key: $.customer_id      # JSON path into the task's context
 *         max_running: 2
 *         steps: [charge, refund] # optional; default: all steps
 *         scope: steps            # steps (default) | tasks
 *     rate:
 *       - callable: payments.Charge   # and/or key
 *         key: $.customer_id
 *         per_second: 5
 * </pre>
 *
 * Read the same way by the loader (each problem reported with its location) and by {@link TaskTemplate}'s
 * constructor (the first problem thrown).
 */
final class LimitsExtension {
    /** The limits a template declares, bound to the template. */
    record Declared(List<ConcurrencyLimit> concurrency, List<RateLimit> rate) {
        static final Declared NONE = new Declared(List.of(), List.of());
    }

    /** Where a problem goes: the JSON pointer of the offending value and the message. */
    interface Problems {
        void report(String pointer, String message);
    }

    private LimitsExtension() {}

    /**
     * @param extensions the template's {@code extensions} mapping, or null
     * @param pointer    its JSON pointer ({@code /extensions})
     */
    static Declared read(
            @Nullable JsonNode extensions,
            String pointer,
            String namespace,
            String name,
            Set<String> stepNames,
            Problems problems) {
        if (extensions == null || extensions.isNull()) {
            return Declared.NONE;
        }
        if (!extensions.isObject()) {
            problems.report(pointer, "extensions must be a mapping, got " + Fields.describe(extensions));
            return Declared.NONE;
        }
        JsonNode limits = extensions.get("limits");
        String at = SourceMap.child(pointer, "limits");
        if (limits == null || limits.isNull()) {
            return Declared.NONE;
        }
        if (!limits.isObject()) {
            problems.report(at, "extensions.limits must be a mapping, got " + Fields.describe(limits));
            return Declared.NONE;
        }
        List<ConcurrencyLimit> concurrency = new ArrayList<>();
        List<RateLimit> rate = new ArrayList<>();
        for (JsonNode entry : list(limits, "concurrency", at, problems)) {
            String here = SourceMap.child(SourceMap.child(at, "concurrency"), concurrency.size());
            ConcurrencyLimit c = concurrency(entry, here, stepNames, problems);
            concurrency.add(c == null ? null : c.forTemplate(namespace, name));
        }
        int i = 0;
        for (JsonNode entry : list(limits, "rate", at, problems)) {
            String here = SourceMap.child(SourceMap.child(at, "rate"), i++);
            RateLimit r = rate(entry, here, problems);
            rate.add(r == null ? null : r.forTemplate(namespace, name));
        }
        concurrency.removeIf(java.util.Objects::isNull);
        rate.removeIf(java.util.Objects::isNull);
        return new Declared(List.copyOf(concurrency), List.copyOf(rate));
    }

    private static List<JsonNode> list(JsonNode limits, String key, String at, Problems problems) {
        JsonNode value = limits.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problems.report(
                    SourceMap.child(at, key),
                    "extensions.limits." + key + " must be a list, got " + Fields.describe(value));
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        value.forEach(out::add);
        return out;
    }

    private static @Nullable ConcurrencyLimit concurrency(
            JsonNode entry, String here, Set<String> stepNames, Problems problems) {
        if (!entry.isObject()) {
            problems.report(here, "a concurrency limit must be a mapping, got " + Fields.describe(entry));
            return null;
        }
        String keyPath = text(entry, "key", here, problems, true);
        Integer max = positive(entry, "max_running", here, problems);
        if (keyPath == null || max == null) {
            return null;
        }
        ConcurrencyLimit limit;
        try {
            limit = ConcurrencyLimit.perKey(keyPath).maxRunning(max);
        } catch (IllegalArgumentException e) {
            problems.report(SourceMap.child(here, "key"), String.valueOf(e.getMessage()));
            return null;
        }
        JsonNode scope = entry.get("scope");
        if (scope != null && !scope.isNull()) {
            String s = scope.asText();
            if (!scope.isTextual() || !(s.equals("steps") || s.equals("tasks"))) {
                problems.report(
                        SourceMap.child(here, "scope"), "invalid scope '" + s + "'; expected one of: steps, tasks");
                return null;
            }
            limit = limit.scope(ConcurrencyLimit.Scope.valueOf(s.toUpperCase(Locale.ROOT)));
        }
        JsonNode steps = entry.get("steps");
        if (steps != null && !steps.isNull()) {
            if (!steps.isArray()) {
                problems.report(
                        SourceMap.child(here, "steps"),
                        "steps must be a list of step names, got " + Fields.describe(steps));
                return null;
            }
            List<String> names = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < steps.size(); i++) {
                JsonNode n = steps.get(i);
                String p = SourceMap.child(SourceMap.child(here, "steps"), i);
                if (!n.isTextual() || n.asText().isBlank()) {
                    problems.report(p, "a step name must be a non-blank string, got " + Fields.describe(n));
                    ok = false;
                } else if (!stepNames.contains(n.asText())) {
                    problems.report(
                            p,
                            "step '" + Shortened.value(n.asText()) + "' of the concurrency limit is not a step of this"
                                    + " template (steps: " + String.join(", ", stepNames) + ")");
                    ok = false;
                } else {
                    names.add(n.asText());
                }
            }
            if (!ok) {
                return null;
            }
            limit = limit.steps(names.toArray(String[]::new));
        }
        return limit;
    }

    private static @Nullable RateLimit rate(JsonNode entry, String here, Problems problems) {
        if (!entry.isObject()) {
            problems.report(here, "a rate limit must be a mapping, got " + Fields.describe(entry));
            return null;
        }
        String callable = text(entry, "callable", here, problems, false);
        String keyPath = text(entry, "key", here, problems, false);
        JsonNode rate = entry.get("per_second");
        if (callable == null && keyPath == null) {
            if (!entry.has("callable") && !entry.has("key")) {
                problems.report(here, "a rate limit needs a callable, a key, or both");
            }
            return null;
        }
        if (rate == null || rate.isNull()) {
            problems.report(here, "per_second is required");
            return null;
        }
        if (!rate.isNumber() || !(rate.asDouble() > 0) || Double.isInfinite(rate.asDouble())) {
            problems.report(SourceMap.child(here, "per_second"), "per_second must be a number above 0, got " + rate);
            return null;
        }
        try {
            RateLimit r = callable != null
                    ? RateLimit.perCallable(callable)
                    : RateLimit.perKey(java.util.Objects.requireNonNull(keyPath));
            if (callable != null && keyPath != null) {
                r = r.withKey(keyPath);
            }
            return r.perSecond(rate.asDouble());
        } catch (IllegalArgumentException e) {
            problems.report(SourceMap.child(here, "key"), String.valueOf(e.getMessage()));
            return null;
        }
    }

    private static @Nullable String text(JsonNode entry, String key, String here, Problems problems, boolean required) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problems.report(here, key + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.report(
                    SourceMap.child(here, key), key + " must be a non-blank string, got " + Fields.describe(value));
            return null;
        }
        return value.asText();
    }

    private static @Nullable Integer positive(JsonNode entry, String key, String here, Problems problems) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            problems.report(here, key + " is required");
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
            problems.report(SourceMap.child(here, key), key + " must be a whole number of at least 1, got " + value);
            return null;
        }
        return value.asInt();
    }
}
