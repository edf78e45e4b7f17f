package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a template's {@code steps} (reference §1.2).
 *
 * @param name             unique within the template; required
 * @param description      free text, or null
 * @param handler          what runs the step; required
 * @param type             how the engine treats it (YAML {@code type}, alias {@code step_type};
 *                         default {@link StepType#STANDARD})
 * @param dependencies     direct predecessors (YAML {@code dependencies}, alias {@code depends_on});
 *                         duplicates are dropped, order kept
 * @param retry            retry policy (default {@link RetryPolicy#DEFAULT})
 * @param timeoutSeconds   per-attempt timeout, or null for the engine default
 * @param systemDependency documentation only, or null
 * @param publishesEvents  declared domain events
 * @param batchConfig      batch settings of a {@code batch_worker}, or null
 * @param resultSchema     JSON Schema of the result (tooling only), or null; returned as a copy
 * @param composition      the opaque action-grammar block, kept but not interpreted, or null
 */
public record StepDefinition(
        String name,
        @Nullable String description,
        HandlerDefinition handler,
        StepType type,
        List<String> dependencies,
        RetryPolicy retry,
        @Nullable Integer timeoutSeconds,
        @Nullable String systemDependency,
        List<EventDeclaration> publishesEvents,
        @Nullable BatchConfiguration batchConfig,
        @Nullable JsonNode resultSchema,
        @Nullable JsonNode composition) {

    /** Default of {@code type}. */
    public static final StepType DEFAULT_TYPE = StepType.STANDARD;

    /** Validates name, handler, dependencies and timeout; nulls become the defaults. */
    public StepDefinition {
        Nodes.requireText(name, "step name");
        Objects.requireNonNull(handler, () -> "step '" + name + "': handler is required");
        type = type == null ? DEFAULT_TYPE : type;
        dependencies = dependencies == null ? List.of() : List.copyOf(new LinkedHashSet<>(dependencies));
        for (String dependency : dependencies) {
            Nodes.requireText(dependency, "step '" + name + "': dependency");
            if (dependency.equals(name)) {
                throw new IllegalArgumentException("step '" + name + "' depends on itself");
            }
        }
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        Nodes.requirePositive(timeoutSeconds, "step '" + name + "': timeout_seconds");
        publishesEvents = publishesEvents == null ? List.of() : List.copyOf(publishesEvents);
        resultSchema = Nodes.copy(resultSchema);
        composition = Nodes.copy(composition);
    }

    /** @return a copy of the result schema, or null */
    @Override
    public @Nullable JsonNode resultSchema() {
        return Nodes.copy(resultSchema);
    }

    /** @return a copy of the composition block, or null */
    @Override
    public @Nullable JsonNode composition() {
        return Nodes.copy(composition);
    }

    /** This step with one environment override applied (SPEC §2 merge rules). */
    StepDefinition withOverride(StepOverride override) {
        HandlerDefinition mergedHandler = handler;
        if (override.initialization() != null) {
            var merged = handler.initialization();
            merged.setAll(override.initialization());
            mergedHandler = new HandlerDefinition(handler.callable(), handler.method(), handler.resolver(), merged);
        }
        Integer timeout = override.timeoutSeconds() != null ? override.timeoutSeconds() : timeoutSeconds;
        RetryPolicy policy = override.retry() != null ? override.retry().applyTo(retry) : retry;
        return new StepDefinition(
                name,
                description,
                mergedHandler,
                type,
                dependencies,
                policy,
                timeout,
                systemDependency,
                publishesEvents,
                batchConfig,
                resultSchema,
                composition);
    }
}
