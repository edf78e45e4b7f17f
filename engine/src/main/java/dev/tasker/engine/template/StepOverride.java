package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code environments.<env>.steps}: what an environment changes in a step.
 *
 * @param name           the step, or {@value #ALL} for every step
 * @param initialization keys merged into {@code handler.initialization} one by one, or null
 * @param timeoutSeconds replaces {@code timeout_seconds}, or null
 * @param retry          merged into {@code retry} field by field, or null
 */
public record StepOverride(
        String name,
        @Nullable ObjectNode initialization,
        @Nullable Integer timeoutSeconds,
        @Nullable RetryOverride retry) {

    /** The step name that applies an override to every step. */
    public static final String ALL = "ALL";

    /** Validates the name and timeout. */
    public StepOverride {
        Nodes.requireText(name, "override step name");
        Nodes.requirePositive(timeoutSeconds, "timeout_seconds");
        initialization = initialization == null ? null : initialization.deepCopy();
    }

    /** @return a copy of the initialization override, or null */
    @Override
    public @Nullable ObjectNode initialization() {
        return initialization == null ? null : initialization.deepCopy();
    }

    /** @return true for {@code name: ALL} */
    public boolean appliesToAll() {
        return ALL.equals(name);
    }
}
