package dev.tasker.examples.datapipeline;

import dev.tasker.engine.TaskerBuilder;
import java.time.InstantSource;

/**
 * The analytics ETL workflow, {@code data_pipeline_py/analytics_pipeline}
 * ({@code tasker/templates/data_pipeline_analytics_pipeline.yaml}): three extracts in parallel, three
 * transforms, one aggregate, the insights. Its handlers are in {@link AnalyticsHandlers}, its data in
 * {@link SampleData}.
 */
public final class AnalyticsPipeline {
    /** The template's namespace. */
    public static final String NAMESPACE = "data_pipeline_py";
    /** The template's name. */
    public static final String NAME = "analytics_pipeline";

    private AnalyticsPipeline() {}

    /** Registers the eight handlers on the system clock. */
    public static TaskerBuilder register(TaskerBuilder builder) {
        return register(builder, InstantSource.system());
    }

    /** Registers the eight handlers, with times from {@code clock}. */
    public static TaskerBuilder register(TaskerBuilder builder, InstantSource clock) {
        return builder.handlers(new AnalyticsHandlers(clock));
    }
}
