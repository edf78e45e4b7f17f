package dev.tasker.examples.payments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The result of {@code process_gateway_refund}: the refund as the gateway made it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GatewayRefund(
        boolean refundProcessed,
        String refundId,
        String paymentId,
        BigDecimal refundAmount,
        String refundStatus,
        String gatewayTxnId,
        String gatewayProvider,
        String orderRef,
        BigDecimal amountProcessed,
        String currency,
        String gatewayStatus,
        String processorResponseCode,
        String processorMessage,
        String settlementBatch,
        String estimatedArrival,
        String processedAt) {}
