package dev.tasker.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Binds the {@code environments} block: {@code <env>: {steps: [{name, handler, timeout_seconds, retry}]}}. */
final class EnvironmentBinder {
    /** An override with the environment it belongs to and where it is written. */
    record BoundOverride(String environment, String pointer, StepOverride override) {}

    private final List<BoundOverride> bound = new ArrayList<>();
    private final Map<String, EnvironmentOverrides> environments = new LinkedHashMap<>();

    EnvironmentBinder(Fields block) {
        if (block == null) {
            return;
        }
        for (String environment : block.keys()) {
            Fields env = block.child(environment);
            if (env == null) {
                continue;
            }
            List<StepOverride> overrides = new ArrayList<>();
            for (Fields entry : env.objects("steps")) {
                StepOverride override = override(entry);
                if (override != null) {
                    overrides.add(override);
                    bound.add(new BoundOverride(environment, entry.pointer(), override));
                }
            }
            environments.put(environment, new EnvironmentOverrides(overrides));
        }
    }

    List<BoundOverride> bound() {
        return bound;
    }

    Map<String, EnvironmentOverrides> environments() {
        return environments;
    }

    private static @Nullable StepOverride override(Fields entry) {
        String name = entry.requiredText("name");
        Fields handler = entry.child("handler");
        Integer timeout = entry.integerAtLeast("timeout_seconds", 1);
        RetryOverride retry = StepBinder.retryOverride(entry.child("retry"));
        if (name == null) {
            return null;
        }
        return Construct.or(
                entry,
                () -> new StepOverride(
                        name, handler == null ? null : handler.object("initialization"), timeout, retry));
    }
}
