package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The task input of {@code microservices_py/user_registration}; {@code plan} is starter (the default), professional
 * or enterprise.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RegistrationRequest(String email, String fullName, String plan, String phone, String source) {}
