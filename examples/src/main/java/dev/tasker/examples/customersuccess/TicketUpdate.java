package dev.tasker.examples.customersuccess;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The result of {@code update_ticket_status}: the support ticket, resolved. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TicketUpdate(
        boolean ticketUpdated,
        String ticketId,
        String previousStatus,
        String newStatus,
        String resolutionNote,
        boolean refundCompleted,
        String delegatedTaskId,
        String requestId,
        String resolution,
        boolean customerNotified,
        String notificationChannel,
        String refundId,
        BigDecimal amountRefunded,
        String ticketStatus,
        String resolvedAt) {}
