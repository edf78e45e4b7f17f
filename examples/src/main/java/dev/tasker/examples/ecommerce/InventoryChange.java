package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One line of the inventory log. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InventoryChange(String sku, String changeType, int quantity, String reason) {}
