package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One SKU's stock in one warehouse. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StockRecord(
        String warehouse, String sku, String product, String category, int quantityOnHand, int reorderPoint) {}
