package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** A validated cart line: {@code lineTotal = round(quantity × unitPrice, 2)}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LineItem(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}
