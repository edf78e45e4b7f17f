package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The customers of one tier and their lifetime value. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TierStats(int customers, BigDecimal lifetimeValue) {}
