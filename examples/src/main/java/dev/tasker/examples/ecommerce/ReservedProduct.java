package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One product's stock before and after the reservation. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReservedProduct(String productId, String sku, int previousQuantity, int newQuantity, int reserved) {}
