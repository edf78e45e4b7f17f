package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The result of {@code generate_insights}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Insights(
        List<Insight> insights,
        HealthScore healthScore,
        int totalMetricsAnalyzed,
        boolean pipelineComplete,
        int insightCount,
        String healthStatus,
        int recommendationsCount,
        String generatedAt) {}
