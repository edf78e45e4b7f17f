package dev.tasker.engine.template;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A step that waits for an external signal ({@code extensions.signals.<step>}, a Tasker for Java
 * extension): its handler is not called; it completes with the payload of
 * {@code Tasker.signal(taskId, step, payload)}, or takes its timeout path.
 *
 * @param step the step of the template that waits
 * @param timeout how long it waits once reached, or null: for ever
 * @param onTimeout what the timeout does
 */
public record SignalWait(String step, @Nullable Duration timeout, OnTimeout onTimeout) {
    /** What a signal step does when its timeout passes before a signal came. */
    public enum OnTimeout {
        /** The step goes to error (a timeout error; the retry rules do not apply). */
        FAIL,
        /** The step completes with {@code {"timed_out": true}}. */
        COMPLETE;

        /** @return the YAML spelling */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the valid values */
        public static OnTimeout fromYaml(String value) {
            for (OnTimeout o : values()) {
                if (o.yamlName().equals(value)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("invalid value '" + value + "'; expected fail or complete");
        }
    }

    /** Checks the step name and the timeout. */
    public SignalWait {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(onTimeout, "onTimeout");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("the timeout of signal step '" + step + "' must be positive");
        }
    }
}
