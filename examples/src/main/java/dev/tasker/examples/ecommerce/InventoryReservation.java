package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The result of {@code update_inventory}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InventoryReservation(
        List<ReservedProduct> updatedProducts,
        int totalItemsReserved,
        List<InventoryChange> inventoryChanges,
        String inventoryLogId,
        String updatedAt) {}
