package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.NullUnmarked;

/**
 * Reads the top-level {@code extensions:} block, the one place a template uses what Tasker does not
 * have. Each sub-block ({@code signals}, {@code sub_workflows}) is keyed by step name and read by its
 * own reader, listed in {@link #READERS}: adding a feature is one entry there (and one component of
 * {@link TemplateExtensions}). An unknown sub-block, or an entry naming a step the template lacks, is an
 * error with its line.
 */
@NullUnmarked
final class ExtensionsBinder {
    static final String KEY = "extensions";

    /** What the readers fill. */
    static final class Collected {
        final Set<String> stepNames;
        final Map<String, SignalWait> signals = new LinkedHashMap<>();
        final Map<String, SubWorkflow> subWorkflows = new LinkedHashMap<>();
        /** The limits block as written: read (and each problem reported at its line) by LimitsExtension. */
        JsonNode limits;

        Collected(Set<String> stepNames) {
            this.stepNames = stepNames;
        }

        TemplateExtensions extensions() {
            return signals.isEmpty() && subWorkflows.isEmpty() && limits == null
                    ? TemplateExtensions.NONE
                    : new TemplateExtensions(signals, subWorkflows, limits);
        }
    }

    /** One sub-block's reader: called with each step entry's mapping (its step name is {@link Fields#step()}). */
    private interface EntryReader extends BiConsumer<Fields, Collected> {}

    private static final Map<String, EntryReader> READERS = Map.of(
            "signals", ExtensionsBinder::signal,
            "sub_workflows", ExtensionsBinder::subWorkflow);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private ExtensionsBinder() {}

    /** The known sub-block names, sorted (for messages). */
    static List<String> features() {
        List<String> all = new java.util.ArrayList<>(READERS.keySet());
        all.add(LIMITS);
        return all.stream().sorted().toList();
    }

    /** The limits block: not keyed by step name; LimitsExtension reads it. */
    static final String LIMITS = "limits";

    static TemplateExtensions bind(Fields top, Set<String> stepNames) {
        Fields block = top.child(KEY);
        if (block == null) {
            return TemplateExtensions.NONE;
        }
        Collected collected = new Collected(stepNames);
        for (String feature : block.keys()) {
            if (feature.equals(LIMITS)) {
                collected.limits = block.raw(LIMITS);
                continue;
            }
            EntryReader reader = READERS.get(feature);
            if (reader == null) {
                String hint = block.sink()
                        .suggest(feature, features())
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("");
                block.sink()
                        .error(
                                "UNKNOWN_EXTENSION",
                                block.pointer(feature),
                                null,
                                "unknown extension '" + Shortened.value(feature) + "' under extensions; known: "
                                        + String.join(", ", features()) + hint);
                continue;
            }
            Fields entries = block.child(feature);
            if (entries == null) {
                continue;
            }
            for (String step : entries.keys()) {
                String pointer = entries.pointer(step);
                if (!stepNames.contains(step)) {
                    entries.sink()
                            .error(
                                    "UNKNOWN_STEP",
                                    pointer,
                                    step,
                                    "extensions." + feature + " names step '" + Shortened.value(step)
                                            + "', which the template does not have");
                    continue;
                }
                JsonNode value = entries.raw(step);
                if (value == null) { // "step:" alone: every setting defaulted
                    value = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                }
                Fields.of(value, pointer, entries.sink(), step).ifPresent(entry -> reader.accept(entry, collected));
            }
        }
        for (String step : collected.signals.keySet()) {
            if (collected.subWorkflows.containsKey(step)) {
                block.sink()
                        .error(
                                "CONFLICTING_EXTENSIONS",
                                block.pointer("sub_workflows"),
                                step,
                                "step '" + step + "' is both a signal step and a sub-workflow step; it can be one");
            }
        }
        return collected.extensions();
    }

    private static void signal(Fields entry, Collected out) {
        unknownKeys(entry, Set.of("timeout", "on_timeout"));
        Duration timeout = duration(entry, "timeout");
        SignalWait.OnTimeout onTimeout = entry.enumValue("on_timeout", SignalWait.OnTimeout::fromYaml);
        if (entry.has("on_timeout") && timeout == null && entry.raw("timeout") == null) {
            entry.sink()
                    .warning(
                            "UNUSED_SETTING",
                            entry.pointer("on_timeout"),
                            entry.step(),
                            "on_timeout has no effect without a timeout");
        }
        out.signals.put(
                entry.step(),
                new SignalWait(entry.step(), timeout, onTimeout == null ? SignalWait.OnTimeout.FAIL : onTimeout));
    }

    private static void subWorkflow(Fields entry, Collected out) {
        unknownKeys(entry, Set.of("namespace", "name", "version", "input"));
        String namespace = entry.requiredText("namespace");
        String name = entry.requiredText("name");
        String version = entry.text("version");
        Map<String, String> input = new LinkedHashMap<>();
        Fields in = entry.child("input");
        if (in != null) {
            for (String key : in.keys()) {
                String path = in.text(key);
                if (path == null) {
                    continue;
                }
                String problem = InputPaths.problem(path);
                if (problem != null) {
                    in.sink().error("INVALID_VALUE", in.pointer(key), entry.step(), problem);
                    continue;
                }
                String from = InputPaths.stepOf(path);
                if (from != null && !out.stepNames.contains(from)) {
                    in.sink()
                            .error(
                                    "UNKNOWN_STEP",
                                    in.pointer(key),
                                    entry.step(),
                                    "input '" + key + "' reads step '" + Shortened.value(from)
                                            + "', which the template does not have");
                    continue;
                }
                input.put(key, path);
            }
        }
        if (namespace != null && name != null) {
            out.subWorkflows.put(entry.step(), new SubWorkflow(entry.step(), namespace, name, version, input));
        }
    }

    private static void unknownKeys(Fields entry, Set<String> known) {
        for (String key : entry.keys()) {
            if (!known.contains(key)) {
                String hint = entry.sink()
                        .suggest(key, known)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("");
                entry.sink()
                        .error(
                                "UNKNOWN_KEY",
                                entry.pointer(key),
                                entry.step(),
                                "unknown key '" + Shortened.value(key) + "' in " + SourceMap.display(entry.pointer())
                                        + "; known: "
                                        + String.join(
                                                ", ", known.stream().sorted().toList()) + hint);
            }
        }
    }

    /** An ISO-8601 duration ({@code PT48H}) or a short one ({@code 48h}, {@code 30m}, {@code 10s}, {@code 2d}). */
    private static Duration duration(Fields entry, String key) {
        String text = entry.text(key);
        if (text == null) {
            return null;
        }
        Duration d = parseDuration(text.trim());
        if (d == null || d.isNegative() || d.isZero()) {
            entry.sink()
                    .error(
                            "INVALID_VALUE",
                            entry.pointer(key),
                            entry.step(),
                            "invalid " + key + " '" + Shortened.value(text)
                                    + "'; expected a positive ISO-8601 duration (PT48H) or a number with ms, s, m,"
                                    + " h or d (48h)");
            return null;
        }
        return d;
    }

    static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
