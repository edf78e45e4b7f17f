package dev.tasker.examples.payments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.Map;

/** The result of {@code notify_customer}: the refund confirmation sent to the customer. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CustomerNotice(
        boolean notificationSent,
        String recipient,
        String channel,
        String notificationId,
        String messageId,
        String notificationType,
        String subject,
        String bodyPreview,
        String template,
        BigDecimal refundAmount,
        String refundId,
        Map<String, String> references,
        String status,
        String sentAt) {}
