package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * A step's {@code handler} block (reference §1.3).
 *
 * @param callable       the lookup key handlers are registered under; required, not blank
 * @param method         the entry point, or null for {@value #DEFAULT_METHOD}
 * @param resolver       a resolver hint (e.g. {@code explicit_mapping}), or null
 * @param initialization static configuration the handler sees as its step config; never null
 *                       (empty when absent); returned as a copy
 */
public record HandlerDefinition(
        String callable, @Nullable String method, @Nullable String resolver, ObjectNode initialization) {

    /** The entry point when {@code method} is absent. */
    public static final String DEFAULT_METHOD = "call";

    /** Validates {@code callable}; a blank method or resolver counts as absent. */
    public HandlerDefinition {
        Nodes.requireText(callable, "handler.callable");
        method = method == null || method.isBlank() ? null : method;
        resolver = resolver == null || resolver.isBlank() ? null : resolver;
        initialization = Nodes.copyOrEmpty(initialization);
    }

    /** @return a copy of the step configuration */
    @Override
    public ObjectNode initialization() {
        return initialization.deepCopy();
    }

    /** @return {@code method}, or {@value #DEFAULT_METHOD} when absent */
    public String effectiveMethod() {
        return method == null ? DEFAULT_METHOD : method;
    }

    /** @return true when a method other than {@value #DEFAULT_METHOD} is named */
    public boolean usesMethodDispatch() {
        return method != null && !DEFAULT_METHOD.equals(method);
    }
}
