package dev.tasker.engine.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a template declares under its top-level {@code extensions:} key: the Tasker for Java features
 * that Tasker does not have. A template without that key is plain Tasker and has {@link #NONE}.
 *
 * @param signals the steps that wait for a signal, by step name
 * @param subWorkflows the steps that run a child task, by step name
 */
public record TemplateExtensions(Map<String, SignalWait> signals, Map<String, SubWorkflow> subWorkflows) {
    /** A plain Tasker template: no extension. */
    public static final TemplateExtensions NONE = new TemplateExtensions(Map.of(), Map.of());

    /** Copies the maps, keeping their order. */
    public TemplateExtensions {
        signals = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(signals, "signals")));
        subWorkflows =
                Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(subWorkflows, "subWorkflows")));
    }

    /** @return true when the template uses no extension */
    public boolean isEmpty() {
        return signals.isEmpty() && subWorkflows.isEmpty();
    }

    /** @return the YAML names of the features used ({@code signals}, {@code sub_workflows}), in that order */
    public List<String> features() {
        List<String> used = new ArrayList<>();
        if (!signals.isEmpty()) {
            used.add("signals");
        }
        if (!subWorkflows.isEmpty()) {
            used.add("sub_workflows");
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
