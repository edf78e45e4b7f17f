package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.Map;

/** The result of {@code transform_customers}: tiers and value segments (high from 1000, medium from 250, low below). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CustomerSummary(
        int recordCount,
        Map<String, TierStats> tierAnalysis,
        Map<String, Integer> valueSegments,
        BigDecimal totalLifetimeValue,
        BigDecimal avgCustomerValue,
        int recordsProcessed,
        String transformedAt) {}
