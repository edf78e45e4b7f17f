package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** The result of {@code aggregate_metrics}: the three sources combined. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Metrics(
        BigDecimal totalRevenue,
        int totalInventoryQuantity,
        int totalCustomers,
        BigDecimal totalCustomerLifetimeValue,
        int salesTransactions,
        int inventoryReorderAlerts,
        BigDecimal revenuePerCustomer,
        BigDecimal inventoryTurnoverIndicator,
        boolean aggregationComplete,
        int sourcesIncluded,
        int totalRecordsProcessed,
        List<String> dataSources,
        String aggregatedAt) {}
