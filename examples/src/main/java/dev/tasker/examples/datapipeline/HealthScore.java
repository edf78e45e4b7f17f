package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The business's health out of {@code maxScore}, and its rating (good, fair, poor). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthScore(int score, int maxScore, String rating, String details) {}
