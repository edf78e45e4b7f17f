package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** The result of {@code validate_cart}: the priced lines and the order's figures. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ValidatedCart(
        List<LineItem> validatedItems,
        int itemCount,
        BigDecimal subtotal,
        BigDecimal taxRate,
        BigDecimal tax,
        BigDecimal shipping,
        BigDecimal total,
        String validatedAt) {}
