package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * At most {@link #maxRunning()} running steps (or tasks in process) per distinct value of a key taken from
 * the task's context, such as {@code $.customer_id}. A template declares it under
 * {@code extensions: limits: concurrency:}; an application adds it with {@link TaskerBuilder#concurrencyLimit}:
 *
 * <pre>{@code
 * Tasker.builder()
 *     .concurrencyLimit(ConcurrencyLimit.perKey("$.customer_id").maxRunning(2).forTemplate("payments", "charge"))
 * }</pre>
 *
 * <p>A ready step whose key is at its limit is not started: it stays ready with a waiting reason
 * ({@link StepSnapshot#waitingReason()}) and starts when a slot of its key frees. A task whose context has no
 * value (or {@code null}) at the key path is not limited by it. On PostgreSQL the limit holds across all
 * nodes sharing the database.
 *
 * <p>Immutable: each method returns a new limit.
 */
public final class ConcurrencyLimit {
    /** What counts against the limit. */
    public enum Scope {
        /** Running steps (the default): at most N steps of the key run at once. */
        STEPS,
        /** Tasks in process: at most N tasks of the key have started and not finished. */
        TASKS;

        /** @return the YAML spelling: {@code steps} or {@code tasks} */
        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final KeyPath key;
    private final int maxRunning;
    private final Scope scope;
    private final List<String> steps;
    private final @Nullable String namespace;
    private final @Nullable String templateName;

    private ConcurrencyLimit(
            KeyPath key,
            int maxRunning,
            Scope scope,
            List<String> steps,
            @Nullable String namespace,
            @Nullable String templateName) {
        this.key = key;
        this.maxRunning = maxRunning;
        this.scope = scope;
        this.steps = steps;
        this.namespace = namespace;
        this.templateName = templateName;
    }

    /**
     * A limit of one running step per value of the key; set the number with {@link #maxRunning(int)}.
     *
     * @param keyPath a JSON path into the task's context: {@code $} then {@code .name}, {@code ['name']} or
     *     {@code [index]} segments
     * @throws IllegalArgumentException when the path is not valid, saying where
     */
    public static ConcurrencyLimit perKey(String keyPath) {
        return new ConcurrencyLimit(KeyPath.parse(keyPath), 1, Scope.STEPS, List.of(), null, null);
    }

    /**
     * @param max how many may run at once per key value, at least 1
     * @throws IllegalArgumentException when not positive
     */
    public ConcurrencyLimit maxRunning(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max_running must be at least 1, got " + max);
        }
        return new ConcurrencyLimit(key, max, scope, steps, namespace, templateName);
    }

    /** @param scope what counts: running steps (default) or tasks in process */
    public ConcurrencyLimit scope(Scope scope) {
        return new ConcurrencyLimit(
                key, maxRunning, Objects.requireNonNull(scope, "scope"), steps, namespace, templateName);
    }

    /**
     * Only these template steps count (and wait); by default all steps do. Batch workers count as their
     * template step (the worker template).
     */
    public ConcurrencyLimit steps(String... stepNames) {
        List<String> names = List.of(stepNames);
        for (String n : names) {
            if (n.isBlank()) {
                throw new IllegalArgumentException("a step name of a concurrency limit is blank");
            }
        }
        return new ConcurrencyLimit(key, maxRunning, scope, names, namespace, templateName);
    }

    /**
     * Limits the tasks of one template (any version); without it the limit spans every template whose tasks
     * have the key, their running steps counted together.
     */
    public ConcurrencyLimit forTemplate(String namespace, String name) {
        return new ConcurrencyLimit(
                key, maxRunning, scope, steps, requireText(namespace, "namespace"), requireText(name, "name"));
    }

    /** @return the key path as given */
    public String keyPath() {
        return key.toString();
    }

    /** @return how many may run at once per key value */
    public int maxRunning() {
        return maxRunning;
    }

    /** @return what counts against the limit */
    public Scope scope() {
        return scope;
    }

    /** @return the template steps that count; empty for all */
    public List<String> stepNames() {
        return steps;
    }

    /** @return the template's namespace, or null for every template */
    public @Nullable String namespace() {
        return namespace;
    }

    /** @return the template's name, or null for every template */
    public @Nullable String templateName() {
        return templateName;
    }

    /**
     * The key value a task with this context counts under: a string as it is, another value as JSON; null
     * when the context has nothing (or null) there, and the task is not limited.
     */
    public @Nullable String keyOf(@Nullable JsonNode context) {
        return key.valueIn(context);
    }

    /** @return the last field name of the key path, as waiting reasons show it ({@code customer_id}) */
    public String keyLabel() {
        return key.label();
    }

    static String requireText(@Nullable String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConcurrencyLimit that
                && key.toString().equals(that.key.toString())
                && maxRunning == that.maxRunning
                && scope == that.scope
                && steps.equals(that.steps)
                && Objects.equals(namespace, that.namespace)
                && Objects.equals(templateName, that.templateName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key.toString(), maxRunning, scope, steps, namespace, templateName);
    }

    @Override
    public String toString() {
        return "concurrency limit " + key + " max_running " + maxRunning + " (" + scope.yamlName() + ")"
                + (steps.isEmpty() ? "" : " steps " + steps)
                + (namespace == null ? "" : " of " + namespace + "/" + templateName);
    }
}
