package dev.tasker.examples.payments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** One side of the refund's journal entry. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LedgerEntry(String type, String account, BigDecimal amount, String currency, String timestamp) {}
