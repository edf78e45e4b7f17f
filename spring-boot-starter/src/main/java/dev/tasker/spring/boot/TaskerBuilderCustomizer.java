package dev.tasker.spring.boot;

import dev.tasker.engine.TaskerBuilder;

/**
 * Changes the builder of the auto-configured {@link dev.tasker.engine.Tasker} after the {@code tasker.*}
 * properties and the handler beans were applied, before it is built: for what has no property (subscribers,
 * event publishers, handler decorators, limits, a clock...). Every bean of this type is applied, in
 * {@link org.springframework.core.Ordered} order, each time the engine is built (at every start).
 */
@FunctionalInterface
public interface TaskerBuilderCustomizer {

    /** Adjusts {@code builder}. */
    void customize(TaskerBuilder builder);
}
