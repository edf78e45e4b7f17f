package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** One cart line as the task input gives it ({@code items[]}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CartItem(String sku, String name, Integer quantity, BigDecimal unitPrice) {}
