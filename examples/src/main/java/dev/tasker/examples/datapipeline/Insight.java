package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One finding, with what to do about it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Insight(String type, String severity, String message, String metric, String recommendation) {}
