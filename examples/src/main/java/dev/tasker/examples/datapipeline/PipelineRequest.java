package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The task input of {@code data_pipeline_py/analytics_pipeline}; both fields are optional. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineRequest(String pipelineId, DateRange dateRange) {}
