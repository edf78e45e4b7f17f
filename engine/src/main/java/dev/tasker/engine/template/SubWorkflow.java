package dev.tasker.engine.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A step that runs a task of another template ({@code extensions.sub_workflows.<step>}, a Tasker for
 * Java extension): its handler is not called; it starts the child task with a context built from
 * {@code input} and completes with the child's result (or fails with its error).
 *
 * @param step the step of the template that starts the child
 * @param namespace the child template's namespace
 * @param name the child template's name
 * @param version the child template's version, or null: the newest loaded
 * @param input the child's context: each key's value is a path, {@code $.context.<path>} into the parent's
 *     context or {@code $.steps.<step>.result.<path>} into a dependency's result ({@code $.context} and
 *     {@code $.steps.<step>.result} alone take the whole value); empty: the parent's whole context
 */
public record SubWorkflow(
        String step,
        String namespace,
        String name,
        @Nullable String version,
        Map<String, String> input) {
    /** Copies the input map, keeping its order. */
    public SubWorkflow {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        input = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(input, "input")));
    }

    /** @return {@code namespace/name} with {@code /version} when one is set */
    public String target() {
        return namespace + "/" + name + (version == null ? "" : "/" + version);
    }
}
