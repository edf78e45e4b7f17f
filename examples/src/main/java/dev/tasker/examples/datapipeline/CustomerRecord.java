package dev.tasker.examples.datapipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** One customer in the CRM. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CustomerRecord(String customerId, String name, String tier, BigDecimal lifetimeValue) {}
