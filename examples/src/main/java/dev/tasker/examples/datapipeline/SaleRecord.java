package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** One sale: {@code total = quantity × unit price}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SaleRecord(
        String date,
        String product,
        String category,
        String region,
        int quantity,
        BigDecimal unitPrice,
        BigDecimal total) {}
