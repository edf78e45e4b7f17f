package dev.tasker.examples.customersuccess;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The task input of {@code customer_success_py/process_refund}: a support agent's refund request (amounts in USD). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TicketRefundRequest(
        String ticketId,
        String customerId,
        BigDecimal refundAmount,
        String refundReason,
        String agentNotes,
        Boolean requiresApproval,
        String customerEmail,
        String correlationId,
        String paymentId) {}
