package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** The result of {@code transform_inventory}: stock by warehouse and product, and what to reorder. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InventorySummary(
        int recordCount,
        Map<String, WarehouseStock> warehouseSummary,
        Map<String, Integer> productInventory,
        int totalQuantityOnHand,
        int reorderAlerts,
        List<String> reorderSkus,
        int recordsProcessed,
        String transformedAt) {}
