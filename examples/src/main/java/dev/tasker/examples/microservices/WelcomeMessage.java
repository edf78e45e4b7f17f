package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One message of the welcome sequence. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WelcomeMessage(String channel, String template, String status, String recipient, String subject) {}
