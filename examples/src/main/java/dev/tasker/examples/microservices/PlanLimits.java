package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A plan's limits; -1 is unlimited. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanLimits(int apiCalls, int storageGb, int teamMembers) {}
