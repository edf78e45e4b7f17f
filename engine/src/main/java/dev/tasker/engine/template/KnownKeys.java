package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The keys a template may use, level by level, and the walk that warns about any other key with
 * the nearest known one ("did you mean 'dependencies'?").
 *
 * <p>Some keys are known but ignored, because they appear in real Tasker templates and Tasker
 * ignores them too: top-level {@code task_handler}, step-level {@code lifecycle}, and the retry
 * keys {@code limit}, {@code initial_delay} and {@code max_delay}. Free-form blocks (metadata,
 * handler initialization, JSON Schemas, composition) are not walked.
 */
final class KnownKeys {
    /** The expected shape of a YAML node. */
    private sealed interface Shape permits Mapping, ListOf, MapOf, Opaque {}

    private record Mapping(Map<String, Shape> keys) implements Shape {}

    private record ListOf(Shape element) implements Shape {}

    /** A mapping whose keys are free (environment names) and whose values share one shape. */
    private record MapOf(Shape value) implements Shape {}

    private record Opaque() implements Shape {}

    private static final Shape ANY = new Opaque();
    private static final Shape RETRY = mapping(
            "retryable",
            ANY,
            "max_attempts",
            ANY,
            "backoff",
            ANY,
            "backoff_base_ms",
            ANY,
            "max_backoff_ms",
            ANY,
            "limit",
            ANY,
            "initial_delay",
            ANY,
            "max_delay",
            ANY);
    private static final Shape EVENT = mapping(
            "name", ANY, "description", ANY, "condition", ANY, "schema", ANY, "delivery_mode", ANY, "publisher", ANY);
    private static final Shape STEP = mapping(
            "name",
            ANY,
            "description",
            ANY,
            "type",
            ANY,
            "step_type",
            ANY,
            "dependencies",
            ANY,
            "depends_on",
            ANY,
            "handler",
            mapping("callable", ANY, "method", ANY, "resolver", ANY, "initialization", ANY),
            "retry",
            RETRY,
            "timeout_seconds",
            ANY,
            "system_dependency",
            ANY,
            "publishes_events",
            new ListOf(EVENT),
            "batch_config",
            mapping(
                    "batch_size",
                    ANY,
                    "parallelism",
                    ANY,
                    "cursor_field",
                    ANY,
                    "worker_template",
                    ANY,
                    "failure_strategy",
                    ANY),
            "result_schema",
            ANY,
            "composition",
            ANY,
            "lifecycle",
            ANY);
    private static final Shape OVERRIDE =
            mapping("name", ANY, "handler", mapping("initialization", ANY), "timeout_seconds", ANY, "retry", RETRY);
    private static final Shape TEMPLATE = mapping(
            "name",
            ANY,
            "namespace_name",
            ANY,
            "version",
            ANY,
            "description",
            ANY,
            "metadata",
            ANY,
            "system_dependencies",
            mapping("primary", ANY, "secondary", ANY),
            "domain_events",
            new ListOf(mapping("name", ANY, "description", ANY, "schema", ANY)),
            "input_schema",
            ANY,
            "steps",
            new ListOf(STEP),
            "environments",
            new MapOf(mapping("steps", new ListOf(OVERRIDE))),
            "lifecycle",
            mapping(
                    "max_waiting_for_dependencies_minutes",
                    ANY,
                    "max_waiting_for_retry_minutes",
                    ANY,
                    "max_steps_in_process_minutes",
                    ANY,
                    "max_duration_minutes",
                    ANY,
                    "staleness_action",
                    ANY,
                    "auto_fail_on_timeout",
                    ANY,
                    "auto_dlq_on_timeout",
                    ANY),
            "identity_strategy",
            ANY,
            "task_handler",
            ANY,
            // Tasker for Java's extensions: signals and sub-workflows are read and checked by ExtensionsBinder (an
            // unknown sub-block is an error there); the limits' keys are known here, so a misspelling is named.
            ExtensionsBinder.KEY,
            mapping(
                    "signals",
                    ANY,
                    "sub_workflows",
                    ANY,
                    "limits",
                    mapping(
                            "concurrency",
                            new ListOf(mapping("key", ANY, "max_running", ANY, "steps", ANY, "scope", ANY)),
                            "rate",
                            new ListOf(mapping("callable", ANY, "key", ANY, "per_second", ANY)))));

    private KnownKeys() {}

    /** Warns about every unknown key in the template. */
    static void check(JsonNode root, ProblemSink sink) {
        walk(TEMPLATE, root, "", null, sink);
    }

    private static void walk(Shape shape, JsonNode node, String pointer, @Nullable String step, ProblemSink sink) {
        switch (shape) {
            case Mapping mapping when node.isObject() -> walkMapping(mapping, node, pointer, step, sink);
            case ListOf list
            when node.isArray() -> {
                for (int i = 0; i < node.size(); i++) {
                    JsonNode element = node.get(i);
                    String elementStep =
                            list.element() == STEP && element.path("name").isValueNode()
                                    ? element.path("name").asText()
                                    : step;
                    walk(list.element(), element, SourceMap.child(pointer, i), elementStep, sink);
                }
            }
            case MapOf map
            when node.isObject() ->
                node.properties()
                        .forEach(entry -> walk(
                                map.value(), entry.getValue(), SourceMap.child(pointer, entry.getKey()), step, sink));
            default -> {
                // Opaque, or a value of the wrong type, which the binder reports.
            }
        }
    }

    private static void walkMapping(
            Mapping mapping, JsonNode node, String pointer, @Nullable String step, ProblemSink sink) {
        Set<String> known = mapping.keys().keySet();
        node.properties().forEach(entry -> {
            String key = entry.getKey();
            Shape shape = mapping.keys().get(key);
            if (shape == ANY) {
                return; // most keys: known, and nothing below them to check
            }
            String child = SourceMap.child(pointer, key);
            if (shape != null) {
                walk(shape, entry.getValue(), child, step, sink);
                return;
            }
            String where = pointer.isEmpty() ? "top level" : SourceMap.display(pointer);
            String hint = sink.suggest(key, known)
                    .map(s -> "; did you mean '" + s + "'?")
                    .orElse("");
            sink.warning("UNKNOWN_KEY", child, step, "unknown key '" + Shortened.value(key) + "' at " + where + hint);
        });
    }

    private static Shape mapping(Object... keysAndShapes) {
        Map<String, Shape> keys = new LinkedHashMap<>();
        for (int i = 0; i < keysAndShapes.length; i += 2) {
            keys.put((String) keysAndShapes[i], (Shape) keysAndShapes[i + 1]);
        }
        return new Mapping(keys);
    }
}
