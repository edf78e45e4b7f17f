package dev.tasker.engine.template;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds a record from bound YAML values. The binders check the rules first, with precise
 * messages; this is the safety net that turns any rule a record still refuses into a located
 * problem rather than a stack trace.
 */
final class Construct {
    private Construct() {}

    static <T> @Nullable T or(Fields at, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            at.sink().error("INVALID_VALUE", at.pointer(), at.step(), String.valueOf(e.getMessage()));
            return null;
        }
    }
}
