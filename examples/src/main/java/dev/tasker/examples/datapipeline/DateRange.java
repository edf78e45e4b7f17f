package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Inclusive dates ({@code 2026-01-31}); either end may be absent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DateRange(String startDate, String endDate) {}
