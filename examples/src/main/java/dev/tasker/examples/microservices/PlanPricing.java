package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** A plan's prices (USD) and free trial. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanPricing(BigDecimal monthlyPrice, BigDecimal annualPrice, int trialDays) {}
