package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** The result of {@code create_order}: the order record, with the cart's figures, the payment and the reservation. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Order(
        String orderId,
        String orderNumber,
        String customerEmail,
        List<LineItem> items,
        int itemCount,
        BigDecimal subtotal,
        BigDecimal tax,
        BigDecimal shipping,
        BigDecimal total,
        BigDecimal totalAmount,
        String paymentId,
        String transactionId,
        String authorizationCode,
        List<ReservedProduct> updatedProducts,
        String inventoryLogId,
        String status,
        String createdAt,
        String estimatedDelivery) {}
