package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The result of {@code extract_inventory_data}: every warehouse's stock. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InventoryExtract(
        String source,
        int recordCount,
        List<StockRecord> records,
        int totalQuantity,
        List<String> warehouses,
        int productsTracked,
        String extractedAt) {}
