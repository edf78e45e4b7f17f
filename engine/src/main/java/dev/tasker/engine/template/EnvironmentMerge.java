package dev.tasker.engine.template;

import java.util.ArrayList;
import java.util.List;

/** Applies one environment's step overrides in SPEC §2 order: every {@code ALL} entry, then named ones. */
final class EnvironmentMerge {
    private EnvironmentMerge() {}

    static List<StepDefinition> apply(List<StepDefinition> steps, EnvironmentOverrides overrides) {
        List<StepDefinition> result = new ArrayList<>(steps);
        for (StepOverride override : overrides.steps()) {
            if (override.appliesToAll()) {
                result.replaceAll(step -> step.withOverride(override));
            }
        }
        for (StepOverride override : overrides.steps()) {
            if (!override.appliesToAll()) {
                result.replaceAll(step -> step.name().equals(override.name()) ? step.withOverride(override) : step);
            }
        }
        return result;
    }
}
