package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * At most {@link #perSecond()} step starts per second, per handler callable, per value of a key of the task's
 * context, or per pair of both. A template declares it under {@code extensions: limits: rate:}; an application
 * adds it with {@link TaskerBuilder#rateLimit}:
 *
 * <pre>{@code
 * Tasker.builder()
 *     .rateLimit(RateLimit.perCallable("payments.Charge").perSecond(5))
 *     .rateLimit(RateLimit.perKey("$.customer_id").perSecond(1).forTemplate("payments", "charge"))
 * }</pre>
 *
 * <p>Starts are spaced evenly, {@code 1/perSecond} apart, on the engine's clock (no burst): over any window of
 * {@code T} seconds at most {@code T * perSecond + 1} starts. A step held back waits as ready, with a waiting
 * reason, and starts at the next permitted time (a timer, no polling). On PostgreSQL the spacing holds across
 * all nodes sharing the database (the nodes' clocks are assumed to agree). A task whose context lacks the key
 * is not limited by a per-key rate.
 *
 * <p>Immutable: each method returns a new limit.
 */
public final class RateLimit {
    private final @Nullable String callable;
    private final @Nullable KeyPath key;
    private final double perSecond;
    private final @Nullable String namespace;
    private final @Nullable String templateName;

    private RateLimit(
            @Nullable String callable,
            @Nullable KeyPath key,
            double perSecond,
            @Nullable String namespace,
            @Nullable String templateName) {
        this.callable = callable;
        this.key = key;
        this.perSecond = perSecond;
        this.namespace = namespace;
        this.templateName = templateName;
    }

    /** A rate for the steps whose handler is {@code callable}; set it with {@link #perSecond(double)}. */
    public static RateLimit perCallable(String callable) {
        return new RateLimit(ConcurrencyLimit.requireText(callable, "callable"), null, 0, null, null);
    }

    /**
     * A rate per value of the key; set it with {@link #perSecond(double)}.
     *
     * @throws IllegalArgumentException when the path is not valid, saying where
     */
    public static RateLimit perKey(String keyPath) {
        return new RateLimit(null, KeyPath.parse(keyPath), 0, null, null);
    }

    /** Also per value of this key: one rate per (callable, key value). */
    public RateLimit withKey(String keyPath) {
        return new RateLimit(callable, KeyPath.parse(keyPath), perSecond, namespace, templateName);
    }

    /**
     * @param rate the most starts per second, above 0 (0.5 is one start every 2 s)
     * @throws IllegalArgumentException when not positive or not finite
     */
    public RateLimit perSecond(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("per_second must be a number above 0, got " + rate);
        }
        return new RateLimit(callable, key, rate, namespace, templateName);
    }

    /** Limits the steps of one template (any version); without it every template's steps count together. */
    public RateLimit forTemplate(String namespace, String name) {
        return new RateLimit(
                callable,
                key,
                perSecond,
                ConcurrencyLimit.requireText(namespace, "namespace"),
                ConcurrencyLimit.requireText(name, "name"));
    }

    /** @return the handler callable, or null when the rate is per key only */
    public @Nullable String callable() {
        return callable;
    }

    /** @return the key path, or null when the rate is per callable only */
    public @Nullable String keyPath() {
        return key == null ? null : key.toString();
    }

    /** @return starts per second; 0 when not set yet (refused by the builder) */
    public double perSecond() {
        return perSecond;
    }

    /** @return the template's namespace, or null for every template */
    public @Nullable String namespace() {
        return namespace;
    }

    /** @return the template's name, or null for every template */
    public @Nullable String templateName() {
        return templateName;
    }

    /** The key value of a task with this context; null when the rate has no key or the context lacks it. */
    public @Nullable String keyOf(@Nullable JsonNode context) {
        return key == null ? null : key.valueIn(context);
    }

    /** @return the key's last field name, or null when the rate has no key */
    public @Nullable String keyLabel() {
        return key == null ? null : key.label();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit that
                && Objects.equals(callable, that.callable)
                && Objects.equals(keyPath(), that.keyPath())
                && perSecond == that.perSecond
                && Objects.equals(namespace, that.namespace)
                && Objects.equals(templateName, that.templateName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(callable, keyPath(), perSecond, namespace, templateName);
    }

    @Override
    public String toString() {
        return "rate limit " + (callable == null ? "" : "callable " + callable + " ")
                + (key == null ? "" : "key " + key + " ") + perSecond + "/s"
                + (namespace == null ? "" : " of " + namespace + "/" + templateName);
    }
}
