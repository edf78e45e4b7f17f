package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a template declares under its top-level {@code extensions:} key: the Tasker for Java features
 * that Tasker does not have. A template without that key is plain Tasker and has {@link #NONE}.
 *
 * @param signals the steps that wait for a signal, by step name
 * @param subWorkflows the steps that run a child task, by step name
 * @param limits the {@code limits} block as written (per-key concurrency and rate limits, read into
 *     {@link TaskTemplate#concurrencyLimits()} and {@link TaskTemplate#rateLimits()}), or null when there is none
 */
public record TemplateExtensions(
        Map<String, SignalWait> signals,
        Map<String, SubWorkflow> subWorkflows,
        @Nullable JsonNode limits) {
    /** A plain Tasker template: no extension. */
    public static final TemplateExtensions NONE = new TemplateExtensions(Map.of(), Map.of(), null);

    /** Copies the maps, keeping their order, and the limits block. */
    public TemplateExtensions {
        signals = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(signals, "signals")));
        subWorkflows =
                Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(subWorkflows, "subWorkflows")));
        limits = limits == null || limits.isNull() ? null : limits.deepCopy();
    }

    /** Signals and sub-workflows, no limits. */
    public TemplateExtensions(Map<String, SignalWait> signals, Map<String, SubWorkflow> subWorkflows) {
        this(signals, subWorkflows, null);
    }

    /** @return the limits block as written, or null (a copy) */
    @Override
    public @Nullable JsonNode limits() {
        return limits == null ? null : limits.deepCopy();
    }

    /** The {@code extensions} mapping holding only the limits block (what {@code LimitsExtension} reads), or null. */
    @Nullable
    ObjectNode limitsBlock() {
        if (limits == null) {
            return null;
        }
        ObjectNode block = JsonNodeFactory.instance.objectNode();
        block.set("limits", limits.deepCopy());
        return block;
    }

    /** @return true when the template uses no extension */
    public boolean isEmpty() {
        return signals.isEmpty() && subWorkflows.isEmpty() && limits == null;
    }

    /** @return true when a step of the template waits (for a signal or a child task) */
    public boolean hasWaitingSteps() {
        return !signals.isEmpty() || !subWorkflows.isEmpty();
    }

    /** @return the YAML names of the features used ({@code signals}, {@code sub_workflows}, {@code limits}), in that order */
    public List<String> features() {
        List<String> used = new ArrayList<>();
        if (!signals.isEmpty()) {
            used.add("signals");
        }
        if (!subWorkflows.isEmpty()) {
            used.add("sub_workflows");
        }
        if (limits != null) {
            used.add("limits");
        }
        return List.copyOf(used);
    }

    /** @return the signal wait of this step, if it is a signal step */
    public Optional<SignalWait> signal(String step) {
        return Optional.ofNullable(signals.get(step));
    }

    /** @return the sub-workflow of this step, if it starts one */
    public Optional<SubWorkflow> subWorkflow(String step) {
        return Optional.ofNullable(subWorkflows.get(step));
    }
}
