package dev.tasker.engine.template;

import java.util.List;

/**
 * The overrides one environment applies ({@code environments.<env>}).
 *
 * @param steps the step overrides, in file order
 */
public record EnvironmentOverrides(List<StepOverride> steps) {

    /** Copies the list. */
    public EnvironmentOverrides {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
