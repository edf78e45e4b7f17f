package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The result of {@code process_payment}: what the (simulated) payment gateway charged. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PaymentReceipt(
        String paymentId,
        String transactionId,
        String authorizationCode,
        BigDecimal amountCharged,
        String currency,
        String paymentMethodType,
        String gatewayResponse,
        String status,
        String processedAt) {}
