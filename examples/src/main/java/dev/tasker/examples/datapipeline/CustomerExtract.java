package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The result of {@code extract_customer_data}: the CRM's customers. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CustomerExtract(
        String source,
        int recordCount,
        List<CustomerRecord> records,
        int totalCustomers,
        BigDecimal totalLifetimeValue,
        BigDecimal avgLifetimeValue,
        Map<String, Integer> tierBreakdown,
        String extractedAt) {}
