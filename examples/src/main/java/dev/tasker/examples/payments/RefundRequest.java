package dev.tasker.examples.payments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The task input of {@code payments_py/process_refund}: amounts in the payment's currency (USD), not cents. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RefundRequest(
        String paymentId,
        BigDecimal refundAmount,
        String refundReason,
        Boolean partialRefund,
        String customerEmail,
        String correlationId) {}
