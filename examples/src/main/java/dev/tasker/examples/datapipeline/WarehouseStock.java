package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A warehouse's stock: units on hand, SKUs, SKUs at or below their reorder point. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WarehouseStock(int quantityOnHand, int skus, int reorderAlerts) {}
