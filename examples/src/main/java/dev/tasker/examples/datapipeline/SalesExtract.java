package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** The result of {@code extract_sales_data}: the sales in the date range. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SalesExtract(
        String source,
        int recordCount,
        List<SaleRecord> records,
        BigDecimal totalAmount,
        BigDecimal totalRevenue,
        int totalQuantity,
        DateRange dateRange,
        String extractedAt) {}
