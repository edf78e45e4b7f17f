package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.Map;

/** The result of {@code transform_sales}: revenue by day, product, category and region. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SalesSummary(
        int recordCount,
        Map<String, BigDecimal> dailySales,
        Map<String, BigDecimal> productSales,
        BigDecimal totalRevenue,
        Map<String, BigDecimal> byCategory,
        Map<String, BigDecimal> byRegion,
        String topCategory,
        int totalCategories,
        int totalRegions,
        int recordsProcessed,
        String transformedAt) {}
