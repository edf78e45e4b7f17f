package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The result of {@code send_confirmation}: the e-mail sent to the customer. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Confirmation(
        boolean emailSent,
        String recipient,
        String emailType,
        String messageId,
        String subject,
        String bodyPreview,
        String channel,
        String template,
        String status,
        String sentAt) {}
